import assert from 'node:assert/strict';
import { test } from 'node:test';
import { taskDefinitionSymbols } from '../../../core/src/ecs/taskDefinitionSymbols';
import { parseText } from '../../../core/src/parse/parseText';
import { dedent } from '../../helpers/marked';

function outline(text: string) {
  return taskDefinitionSymbols(parseText(text).doc, text);
}

const TEXT = dedent(`
  {
    "family": "shop",
    "containerDefinitions": [
      { "name": "web", "image": "nginx:1.27" },
      { "image": "busybox" }
    ],
    "volumes": [ { "name": "data" } ]
  }
`);

test('the outline: the family, its containers (with their image) and volumes, with exact spans', () => {
  const [root, ...rest] = outline(TEXT);
  assert.equal(rest.length, 0);
  assert.equal(root!.name, 'shop');
  assert.equal(root!.kind, 'task-definition');
  assert.equal(TEXT.slice(...root!.selectionSpan), '"shop"');
  assert.equal(TEXT.slice(...root!.span), TEXT.trim());
  assert.deepEqual(
    root!.children.map((c) => [c.name, c.kind, c.detail, TEXT.slice(...c.selectionSpan), TEXT.slice(...c.span)]),
    [
      ['web', 'container', 'nginx:1.27', '"web"', '{ "name": "web", "image": "nginx:1.27" }'],
      ['container 2', 'container', 'busybox', '{', '{ "image": "busybox" }'],
      ['data', 'volume', undefined, '"data"', '{ "name": "data" }'],
    ],
  );
});

test('describe output is outlined from its taskDefinition; no family reads "task definition"', () => {
  const text = '{"taskDefinition": {"containerDefinitions": [{"name": "app", "image": "x"}]}}';
  const [root] = outline(text);
  assert.equal(root!.name, 'task definition');
  assert.equal(text.slice(...root!.span), '{"containerDefinitions": [{"name": "app", "image": "x"}]}');
  assert.deepEqual(
    root!.children.map((c) => c.name),
    ['app'],
  );
});

test('a document that is not an object has no outline', () => {
  assert.deepEqual(outline('[1, 2]'), []);
  assert.deepEqual(outline(''), []);
});
