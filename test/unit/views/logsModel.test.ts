import assert from 'node:assert/strict';
import { test } from 'node:test';
import { logLineFormatter } from '../../../client/src/views/logsModel';

/** The SGR codes (`\x1b[…m`) a line sets, in order, and its text without them. */
function read(line: string): { codes: string[]; text: string } {
  return { codes: [...line.matchAll(/\x1b\[([0-9;]*)m/g)].map((m) => m[1]!), text: line.replace(/\x1b\[[0-9;]*m/g, '') };
}

test('each line is prefixed by its service, padded to the longest name, and the text is left as written', () => {
  const format = logLineFormatter(['web', 'worker']);
  const line = format('web', 'listening on 8080\n');
  assert.equal(read(line).text, 'web    | listening on 8080\r\n');
  // The prefix is coloured and the colour ends before the text.
  assert.match(line, /^\x1b\[\d+mweb {4}\|\x1b\[0m listening on 8080\r\n$/);
});

test('the services of a stack each get their own colour, in the stack order, as docker compose logs gives them', () => {
  const services = ['web', 'api', 'db', 'cache', 'queue'];
  const format = logLineFormatter(services);
  const colours = services.map((s) => read(format(s, 'x')).codes[0]);
  assert.deepEqual(colours, ['36', '33', '32', '35', '34']);
  assert.equal(read(format('api', 'again')).codes[0], '33', 'a service keeps its colour');
  // A service the stack did not list (a container of a service since removed from the files) gets the next colour.
  assert.equal(read(format('old', 'x')).codes[0], '96');
});

test('stderr is marked by a faint separator, not painted: its text is as plain as stdout text', () => {
  const format = logLineFormatter(['db']);
  const err = format('db', 'no password', 'stderr');
  const out = format('db', 'no password', 'stdout');
  assert.equal(read(err).text, 'db ¦ no password\r\n');
  assert.equal(read(out).text, 'db | no password\r\n');
  // Nothing after the prefix's reset: no red (31), no colour at all on the text.
  for (const line of [err, out]) assert.equal(line.slice(line.indexOf('\x1b[0m') + 4), ' no password\r\n');
  assert.ok(!read(err).codes.includes('31'), 'stderr is not red');
  assert.ok(read(err).codes.includes('2'), 'the stderr mark is faint');
});

test("a line's own colours are kept and reset before the next line; inner newlines stay in the terminal's column", () => {
  const format = logLineFormatter(['web']);
  assert.match(format('web', '\x1b[1mbold'), /\|\x1b\[0m \x1b\[1mbold\x1b\[0m\r\n$/);
  assert.match(format('web', 'a\nb'), / a\r\nb\r\n$/);
});
