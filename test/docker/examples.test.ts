// The shop in examples/ runs on the local engine as the README says: its images build from busybox, the
// api turns healthy before web starts, web serves its page on the published port, the db finds its
// secret and keeps its data in the named volume across Down and Up.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadStack, stackDown, stackUp, type LoadedStack } from '../../engine/src/compose';
import { containerId, execIn, freePort, removeProject } from '../helpers/compose';
import { testEngine, uniqueName } from '../helpers/docker';
import { projectRoot } from '../helpers/paths';

const { docker } = testEngine();
const SHOP = join(projectRoot, 'examples', 'shop');

describe('examples/shop on the engine', () => {
  const project = uniqueName('dockside-shop');
  let port = 0;
  let stack: LoadedStack;

  before(async () => {
    port = await freePort();
    // The base file alone: the override publishes the api on a fixed port another program may hold.
    stack = loadStack({
      workingDir: SHOP,
      files: [join(SHOP, 'compose.yaml')],
      projectName: project,
      env: { WEB_PORT: String(port), TAG: project },
    });
    assert.deepEqual(stack.errors, []);
    await stackUp(docker, stack, { wait: true, healthTimeoutMs: 90_000 });
  });
  after(async () => {
    await removeProject(docker, project);
    for (const service of ['web', 'api', 'db'])
      await docker
        .getImage(`local/shop-${service}:${project}`)
        .remove({ force: true })
        .catch(() => undefined);
  });

  test('web serves the shop page on the published port, api is healthy, the profile-only debug service is not started', async () => {
    const page = await fetch(`http://127.0.0.1:${port}/`);
    assert.match(await page.text(), /<h1>The shop<\/h1>/);
    const api = await docker.getContainer(`${project}-api-1`).inspect();
    assert.equal(api.State.Health?.Status, 'healthy');
    await assert.rejects(docker.getContainer(`${project}-debug-1`).inspect(), { statusCode: 404 });
    const web = await containerId(docker, `${project}-web-1`);
    assert.match((await execIn(docker, web, ['wget', '-q', '-O', '-', 'http://api:3000/products.json'])).output, /"Mug"/);
  });

  test('the db keeps its data in the named volume across Down and Up', async () => {
    await stackDown(docker, project);
    await stackUp(docker, stack, { wait: true, healthTimeoutMs: 90_000 });
    const db = await containerId(docker, `${project}-db-1`);
    const starts = (await execIn(docker, db, ['cat', '/var/lib/db/starts'])).output.trim().split('\n');
    assert.equal(starts.length, 2, starts.join('\n'));
  });
});
