// The services as the load-time rules see them (core/src/compose/rules/serviceView.ts): made once per
// check and shared by the rules, so what a rule judges must follow the context it is given.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseText } from '../../../core/src/parse/parseText';
import { createContext } from '../../../core/src/rules/context';
import { serviceViews } from '../../../core/src/compose/rules/serviceView';
import { findScaleReplicasConflict } from '../../../core/src/compose/rules/scaleReplicas';
import { noHost } from '../../../core/src/types';

const text = 'services:\n  web:\n    image: nginx\n    scale: 2\n';

function contextOf(source: string): ReturnType<typeof createContext> {
  const parsed = parseText(source);
  return createContext(parsed.value, parsed.doc, source, noHost, () => source.length, '/p/compose.yaml');
}

test('the views are made once per check and shared by the rules that ask', () => {
  const ctx = contextOf(text);
  assert.equal(serviceViews(ctx), serviceViews(ctx));
  assert.deepEqual(
    serviceViews(ctx).map((view) => [view.name, view.get(['scale'])]),
    [['web', 2]],
  );
});

test('a context given another project, other variables or another file gets views of those, not the last ones', () => {
  const ctx = contextOf(text);
  assert.deepEqual(findScaleReplicasConflict(ctx), []);
  // The project (this file merged with an override) asks for three replicas: the counts now differ.
  ctx.project = { services: { web: { image: 'nginx', scale: 2, deploy: { replicas: 3 } } } };
  assert.deepEqual(
    findScaleReplicasConflict(ctx).map((f) => f.code),
    ['compose/scale-replicas'],
  );
  ctx.project = undefined;
  assert.deepEqual(findScaleReplicasConflict(ctx), []);
  const own = contextOf('services:\n  web:\n    image: nginx\n    scale: ${SCALE}\n    deploy:\n      replicas: 3\n');
  assert.deepEqual(findScaleReplicasConflict(own), [], 'an unknown variable: no claim');
  own.variables = (name) => (name === 'SCALE' ? { value: '2', source: 'environment' } : undefined);
  assert.deepEqual(
    findScaleReplicasConflict(own).map((f) => f.code),
    ['compose/scale-replicas'],
  );
  own.file = parseText('services:\n  api:\n    image: nginx\n').value;
  assert.deepEqual(
    serviceViews(own).map((view) => view.name),
    ['api'],
  );
});
