import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runLensView, volumeHover } from '../../../client/src/views/composeLensModel';

test('the run lenses the server places get their icon and a tooltip that says what they start', () => {
  assert.deepEqual(runLensView('dockside.compose.runService', 'Run service', ['file:///w/compose.yaml', 'web']), {
    title: '$(play) Run service',
    tooltip: 'Up web (and what it depends on)',
  });
  assert.deepEqual(runLensView('dockside.compose.runAll', 'Run all', ['file:///w/compose.yaml']), {
    title: '$(run-all) Run all',
    tooltip: 'Up every service of this project',
  });
  assert.equal(runLensView('other.command', 'Other', []), undefined);
});

test('the volume hover gives the live state: size and users, or that up will create it', () => {
  const live = volumeHover(
    'shop_data',
    {
      driver: 'local',
      sizeBytes: 2_000_000,
      usedBy: [
        { containerName: 'shop-db-1', running: true, project: 'shop' },
        { containerName: 'old', running: false },
      ],
    },
    true,
  );
  assert.match(live, /\*\*Volume `shop_data`\*\*/);
  assert.match(live, /- size: 2\.0 MB/);
  assert.match(live, /- in use by shop-db-1 \(shop\) and old \(stopped\)/);
  assert.match(volumeHover('shop_data', undefined, true), /Does not exist yet: `up` creates it/);
  assert.match(volumeHover('shop_data', undefined, false), /not connected/);
});
