// The sidebar's view models fed with what the engine code reads from the real engine: a running
// three-service stack (one healthy web with a port, a worker, a completed job) as the Stacks view (down
// to the containers' mounts) and the Volumes view would show it. Checks that the models' input shapes are the engine code's outputs.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { listStacks, loadStack, stackUp } from '../../engine/src/compose';
import { listContainerMounts } from '../../engine/src/mounts';
import { listVolumes } from '../../engine/src/volumes';
import { childrenOf, presentStacksNode, serviceNodes, stackNodes, stacksRoots } from '../../client/src/views/stacksModel';
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

test("the Stacks view shows the web service's volume, read-only bind mount (as the file writes it) and tmpfs under it", async () => {
  const roots = stacksRoots([workspace], await listStacks(docker), await listContainerMounts(docker));
  const stack = roots.find((node) => node.kind === 'stack' && node.project === project);
  assert.ok(stack, 'the stack is listed');
  const web = childrenOf(stack).find((node) => node.kind === 'service' && node.name === 'web');
  assert.ok(web, 'the web service is listed');
  assert.equal(presentStacksNode(web).collapsible, 'collapsed');
  const mounts = childrenOf(web)
    .map(presentStacksNode)
    .map((m) => `${m.label} | ${m.description}`)
    .sort();
  assert.deepEqual(
    mounts,
    ['./site → /www | bind · read-only', `${project}_shared → /data | volume · read-write`, 'tmpfs → /scratch | tmpfs · read-write'].sort(),
  );
  // The stack's containers are its own, not among the other containers.
  const others = roots.find((node) => node.kind === 'otherContainers');
  assert.equal(others?.kind === 'otherContainers' && others.containers.some((c) => c.containerName.startsWith(project)), false);
});
