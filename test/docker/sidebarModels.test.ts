// The sidebar's view models fed with what the engine code reads from the real engine: a running
// three-service stack (one healthy web with a port, a worker, a completed job) as the Stacks, Volumes
// and Mounts views would show it. Checks that the models' input shapes are the engine code's outputs.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { listStacks, loadStack, stackUp } from '../../engine/src/compose';
import { listContainerMounts } from '../../engine/src/mounts';
import { listVolumes } from '../../engine/src/volumes';
import { mountContainerNodes, mountNodes, presentMountsNode } from '../../client/src/views/mountsModel';
import { presentStacksNode, serviceNodes, stackNodes } from '../../client/src/views/stacksModel';
import { presentVolumesNode, volumeChildren, volumeNodes } from '../../client/src/views/volumesModel';
import { workspaceStackOf, type WorkspaceStack } from '../../client/src/views/workspaceModel';
import { loadProject } from '../../core/src';
import { diskHost } from '../../core/node/host';
import { freePort, removeProject } from '../helpers/compose';
import { testEngine, uniqueName } from '../helpers/docker';

const THREE = join(__dirname, '..', 'fixtures', 'stacks', 'three');
const { docker } = testEngine();
const project = uniqueName('dockside-views');
let port = 0;
let workspace: WorkspaceStack;

before(async () => {
  port = await freePort();
  const env = { WEB_PORT: String(port) };
  workspace = workspaceStackOf(loadProject({ files: [join(THREE, 'compose.yaml')], host: diskHost(), env, projectName: project }));
  await stackUp(docker, loadStack({ workingDir: THREE, projectName: project, env }), { wait: true, healthTimeoutMs: 60_000 });
});
after(() => removeProject(docker, project));

test('the Stacks view shows the workspace project and its running stack as one, service by service', async () => {
  const stack = stackNodes([workspace], await listStacks(docker)).find((node) => node.project === project);
  assert.ok(stack?.workspace && stack.running, 'the project is both in the workspace and on the engine');
  assert.equal(presentStacksNode(stack).description, '2/3 running');
  const services = Object.fromEntries(serviceNodes(stack).map((service) => [service.name, presentStacksNode(service)]));
  assert.equal(services.web?.description, `running · healthy · 127.0.0.1:${port}→8080`);
  assert.equal(services.web?.contextValue, 'service stop restart shell logs openPort');
  assert.equal(services.worker?.description, 'running');
  assert.equal(services.job?.description, 'exited');
  assert.equal(services.job?.contextValue, 'service run start logs');
});

test('the Volumes view shows the shared volume in use by both services, and the services that declare it', async () => {
  const volumes = await listVolumes(docker, { sizes: true });
  const node = volumeNodes(volumes, [workspace], true).find((v) => v.volume.name === `${project}_shared`);
  assert.ok(node, `${project}_shared is listed`);
  assert.match(
    presentVolumesNode(node).description ?? '',
    new RegExp(
      `^stack ${project} · \\d[\\d.]* k?B · in use by ${project}-(web|worker)-1 \\(${project}\\) and ${project}-(web|worker)-1 \\(${project}\\)$`,
    ),
  );
  const children = volumeChildren(node).map(presentVolumesNode);
  assert.deepEqual(
    children.filter((c) => c.contextValue === 'volumeDeclaration').map((c) => c.label),
    [`${project} › web`, `${project} › worker`],
  );
  assert.deepEqual(
    children
      .filter((c) => c.contextValue === 'volumeUser')
      .map((c) => c.label)
      .sort(),
    [`${project}-web-1`, `${project}-worker-1`],
  );
});

test('the Mounts view shows the web container with its volume, read-only bind mount and tmpfs', async () => {
  const container = mountContainerNodes(await listContainerMounts(docker)).find((c) => c.container.containerName === `${project}-web-1`);
  assert.ok(container, 'the web container is listed');
  assert.equal(presentMountsNode(container).description, `${project} › web · running · 3 mounts`);
  const mounts = mountNodes(container)
    .map(presentMountsNode)
    .map((m) => `${m.label} | ${m.description}`)
    .sort();
  assert.deepEqual(
    mounts,
    [
      `${join(THREE, 'site')} → /www | bind · read-only`,
      `${project}_shared → /data | volume · read-write`,
      'tmpfs → /scratch | tmpfs · read-write',
    ].sort(),
  );
});
