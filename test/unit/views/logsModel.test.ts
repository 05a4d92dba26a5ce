import assert from 'node:assert/strict';
import { test } from 'node:test';
import { logLine, prefixWidth, serviceColour } from '../../../client/src/views/logsModel';

test('each log line is prefixed by its service, padded to the longest name, in the service colour', () => {
  const width = prefixWidth(['web', 'worker']);
  assert.equal(width, 6);
  const colour = serviceColour('web');
  assert.equal(logLine('web', 'listening\n', width), `\x1b[${colour}mweb    |\x1b[0m listening\r\n`);
  assert.equal(serviceColour('web'), colour, 'a service keeps its colour');
});

test('stderr lines are red, and a line with inner newlines stays in the terminal column', () => {
  assert.match(logLine('db', 'oops', 2, 'stderr'), /\| \x1b\[0m|\x1b\[31moops\x1b\[0m\r\n$/);
  assert.match(logLine('db', 'a\nb', 2), / a\r\nb\r\n$/);
});
