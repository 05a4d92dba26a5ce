import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventLineReader, parseEngineEvent, type EngineChange } from '../../../engine/src/session';

const line = (event: object): string => JSON.stringify(event);

test('container, volume and network events become changes; others and exec noise do not', () => {
  assert.deepEqual(parseEngineEvent(line({ Type: 'container', Action: 'start', Actor: { ID: 'abc', Attributes: { name: 'web-1' } } })), {
    scope: 'container',
    action: 'start',
    id: 'abc',
    attributes: { name: 'web-1' },
  });
  assert.deepEqual(parseEngineEvent(line({ Type: 'volume', Action: 'destroy', Actor: { ID: 'data' } })), {
    scope: 'volume',
    action: 'destroy',
    id: 'data',
    attributes: {},
  });
  assert.equal(
    parseEngineEvent(line({ Type: 'container', Action: 'health_status: healthy', Actor: { ID: 'abc' } }))?.action,
    'health_status',
  );
  assert.equal(parseEngineEvent(line({ Type: 'container', Action: 'exec_start: sh -c ls', Actor: { ID: 'abc' } })), undefined);
  assert.equal(parseEngineEvent(line({ Type: 'image', Action: 'pull' })), undefined);
  assert.equal(parseEngineEvent('{not json'), undefined);
  assert.equal(parseEngineEvent(''), undefined);
});

test('events split across chunks are read once each, whole', () => {
  const seen: EngineChange[] = [];
  const read = eventLineReader((change) => seen.push(change));
  const two = `${line({ Type: 'network', Action: 'create', Actor: { ID: 'n1' } })}\n${line({ Type: 'container', Action: 'die', Actor: { ID: 'c1' } })}\n`;
  const firstEnd = two.indexOf('\n');
  read(two.slice(0, 10));
  read(Buffer.from(two.slice(10, firstEnd)));
  assert.equal(seen.length, 0, 'half a line is not an event');
  read(two.slice(firstEnd));
  assert.deepEqual(
    seen.map((c) => `${c.scope}:${c.action}:${c.id}`),
    ['network:create:n1', 'container:die:c1'],
  );
});
