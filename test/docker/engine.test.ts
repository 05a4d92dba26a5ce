import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDockerHost } from '../../engine/src/connection';
import { createDocker, probeEngine } from '../../engine/src/engine';
import { TEST_IMAGE, testEngine } from '../helpers/docker';

test('the engine answers with its version, and the local test image is there', async () => {
  const { docker, address } = testEngine();
  const probe = await probeEngine(docker, address);
  assert.ok(probe.connected, probe.connected ? '' : probe.reason);
  assert.match(probe.info.apiVersion, /^1\.\d+$/);
  const image = await docker.getImage(TEST_IMAGE).inspect();
  assert.ok(image.Id.startsWith('sha256:'));
});

test('a missing socket is explained, not thrown', async () => {
  const address = parseDockerHost('unix:///nonexistent/docker.sock');
  const probe = await probeEngine(createDocker(address), address);
  assert.equal(probe.connected, false);
  assert.match(probe.connected ? '' : probe.reason, /No Docker Engine socket at unix:\/\/\/nonexistent\/docker.sock/);
});
