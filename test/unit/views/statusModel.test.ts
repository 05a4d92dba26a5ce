import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDockerHost } from '../../../engine/src/connection';
import { explainEngineError } from '../../../engine/src/engine';
import { engineProblem, engineStatus } from '../../../client/src/views/statusModel';

const address = parseDockerHost('unix:///var/run/docker.sock');
const down = (reason: string, retrying = true) => ({
  kind: 'disconnected' as const,
  address: address.label,
  reason,
  ...(retrying ? { retryInMs: 1000 } : {}),
});

test('connected: the status bar shows the engine version; clicking shows the output', () => {
  const status = engineStatus({
    kind: 'connected',
    address: address.label,
    info: { version: '27.3.1', apiVersion: '1.47', os: 'linux', arch: 'amd64' },
  });
  assert.equal(status.text, '$(vm-running) Docker 27.3.1');
  assert.match(status.tooltip, /API 1\.47, linux\/amd64\) at `unix:\/\/\/var\/run\/docker.sock`/);
  assert.equal(status.command, 'dockside.output.show');
  assert.equal(status.warning, false);
});

test('disconnected: the status bar warns, gives the reason, and clicking retries', () => {
  const status = engineStatus(down('No Docker Engine socket at unix:///var/run/docker.sock. Start Docker.'));
  assert.equal(status.command, 'dockside.docker.retry');
  assert.ok(status.warning);
  assert.match(status.tooltip, /^Docker Engine not connected: No Docker Engine socket/);
});

test("each of the engine module's explanations maps to its own welcome text", () => {
  const explain = (code: string) => explainEngineError(Object.assign(new Error('x'), { code }), address);
  assert.equal(engineProblem(down(explain('ENOENT'))), 'missing');
  assert.equal(engineProblem(down(explain('EACCES'))), 'permission');
  assert.equal(engineProblem(down(explain('ECONNREFUSED'))), 'refused');
  assert.equal(engineProblem(down(explain('ETIMEDOUT'))), 'timeout');
  assert.equal(engineProblem(down(explain('EPROTO'))), 'other');
  assert.equal(engineProblem(down('The Docker Engine at unix:///x closed the connection.')), 'lost');
  assert.equal(engineProblem(down('Unknown scheme "ftp" in Docker host "ftp://x".', false)), 'setting');
  assert.equal(engineProblem({ kind: 'connecting' }), 'none');
});
