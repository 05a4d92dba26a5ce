import assert from 'node:assert/strict';
import { test } from 'node:test';
import { completeAt, hoverAt } from '../../../core/src';

function at(textWithCursor: string): { text: string; offset: number } {
  const offset = textWithCursor.indexOf('|');
  return { text: textWithCursor.slice(0, offset) + textWithCursor.slice(offset + 1), offset };
}

test('x-ecs is offered at the top level and in a service, with its documentation', () => {
  const top = at('x-\nservices:\n  web:\n    image: nginx\n'.replace('x-', 'x-|'));
  const labels = completeAt({ ...top, language: 'compose' }).items.map((i) => i.label);
  assert.ok(labels.includes('x-ecs'), labels.join(', '));
  const service = at('services:\n  web:\n    image: nginx\n    x-|\n');
  assert.ok(completeAt({ ...service, language: 'compose' }).items.some((i) => i.label === 'x-ecs'));
});

test('inside the top-level x-ecs the task definition keys and values are offered', () => {
  const keys = at('x-ecs:\n  |\nservices:\n  web:\n    image: nginx\n');
  const labels = completeAt({ ...keys, language: 'compose' }).items.map((i) => i.label);
  for (const key of ['executionRoleArn', 'requiresCompatibilities', 'cpu', 'memory'])
    assert.ok(labels.includes(key), `${key} missing from ${labels.join(', ')}`);
  const values = at('x-ecs:\n  networkMode: |\nservices:\n  web:\n    image: nginx\n');
  assert.deepEqual(
    completeAt({ ...values, language: 'compose' })
      .items.map((i) => i.label)
      .sort(),
    ['awsvpc', 'bridge', 'host', 'none'],
  );
});

test("inside a service's x-ecs the container definition keys are offered, and hover explains them", () => {
  const keys = at('services:\n  web:\n    image: nginx\n    x-ecs:\n      |\n');
  const labels = completeAt({ ...keys, language: 'compose' }).items.map((i) => i.label);
  for (const key of ['essential', 'logConfiguration', 'repositoryCredentials']) assert.ok(labels.includes(key), `${key} missing`);
  const hover = at('services:\n  web:\n    image: nginx\n    x-ecs:\n      essen|tial: false\n');
  assert.match(hoverAt({ ...hover, language: 'compose' })?.markdown ?? '', /essential/i);
});
