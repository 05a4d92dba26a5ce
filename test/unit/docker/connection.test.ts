import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDockerHost, resolveEngineAddress } from '../../../engine/src/connection';

test('the setting wins over DOCKER_HOST, which wins over the platform default', () => {
  const env = { DOCKER_HOST: 'unix:///run/user/1000/docker.sock' };
  assert.equal(resolveEngineAddress({ setting: 'tcp://10.0.0.2:2375', env, platform: 'linux' }).label, 'tcp://10.0.0.2:2375');
  assert.deepEqual(resolveEngineAddress({ env, platform: 'linux' }).options, { socketPath: '/run/user/1000/docker.sock' });
  assert.deepEqual(resolveEngineAddress({ env: {}, platform: 'linux' }).options, { socketPath: '/var/run/docker.sock' });
  assert.deepEqual(resolveEngineAddress({ env: {}, platform: 'darwin' }).options, { socketPath: '/var/run/docker.sock' });
  assert.deepEqual(resolveEngineAddress({ env: {}, platform: 'win32' }).options, { socketPath: '//./pipe/docker_engine' });
});

test('tcp addresses pick http or https from DOCKER_TLS_VERIFY and default ports', () => {
  assert.deepEqual(parseDockerHost('tcp://127.0.0.1').options, { host: '127.0.0.1', port: 2375, protocol: 'http' });
  assert.deepEqual(parseDockerHost('tcp://127.0.0.1', { DOCKER_TLS_VERIFY: '1' }).options, {
    host: '127.0.0.1',
    port: 2376,
    protocol: 'https',
  });
  assert.deepEqual(parseDockerHost('tcp://docker.local:3000').options, { host: 'docker.local', port: 3000, protocol: 'http' });
});

test('named pipes, bare paths and bad values', () => {
  assert.deepEqual(parseDockerHost('npipe:////./pipe/docker_engine').options, { socketPath: '\\\\.\\pipe\\docker_engine' });
  assert.deepEqual(parseDockerHost('/tmp/docker.sock').options, { socketPath: '/tmp/docker.sock' });
  assert.throws(() => parseDockerHost('docker.local:2375'), /not a Docker host address/);
  assert.throws(() => parseDockerHost('ssh://me@host'), /ssh/);
  assert.throws(() => parseDockerHost('ftp://host'), /Unknown scheme "ftp"/);
});
