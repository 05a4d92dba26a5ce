import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ItemView } from '../../../client/src/views/itemView';
import { treeFingerprint, type FingerprintedModel } from '../../../client/src/views/treeFingerprint';

interface Node {
  id: string;
  description?: string;
  lazy?: boolean;
  children?: Node[];
}

function model(onLazy: () => void = () => assert.fail('a lazy node was listed')): FingerprintedModel<Node> {
  return {
    present: (node): ItemView => ({
      id: node.id,
      label: node.id,
      description: node.description,
      collapsible: node.children || node.lazy ? 'collapsed' : 'none',
    }),
    children: (node) => {
      if (node.lazy) onLazy();
      return node.children ?? [];
    },
    isLazy: (node) => node.lazy === true,
  };
}

const stack = (web: string, files: Node[] = []): Node[] => [
  {
    id: 'shop',
    children: [
      { id: 'web', description: web },
      { id: 'db', description: 'running' },
    ],
  },
  { id: 'shop_data', children: [{ id: 'files', lazy: true, children: files }] },
];

test('the same tree read twice gives the same fingerprint; a changed state deep down does not', async () => {
  const same = await treeFingerprint(model(), stack('running'));
  assert.equal(await treeFingerprint(model(), stack('running')), same);
  assert.notEqual(await treeFingerprint(model(), stack('exited (1)')), same);
  assert.notEqual(await treeFingerprint(model(), stack('running').slice(0, 1)), same);
});

test('a lazy node (a volume folder listed by a helper container) is never opened', async () => {
  let opened = 0;
  const withFiles = await treeFingerprint(
    model(() => opened++),
    stack('running', [{ id: 'a.txt' }]),
  );
  const withoutFiles = await treeFingerprint(
    model(() => opened++),
    stack('running', []),
  );
  assert.equal(opened, 0);
  assert.equal(withFiles, withoutFiles);
});

test('only maxDepth levels are walked', async () => {
  const deep: Node[] = [{ id: '1', children: [{ id: '2', children: [{ id: '3', description: 'a' }] }] }];
  const changedDeep: Node[] = [{ id: '1', children: [{ id: '2', children: [{ id: '3', description: 'b' }] }] }];
  assert.equal(await treeFingerprint(model(), deep, 2), await treeFingerprint(model(), changedDeep, 2));
  assert.notEqual(await treeFingerprint(model(), deep, 3), await treeFingerprint(model(), changedDeep, 3));
});
