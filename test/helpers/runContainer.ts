// A throwaway container from the test image that runs one argv to the end: how suites put files into a
// volume the way an application would.
import assert from 'node:assert/strict';
import type Docker from 'dockerode';
import { TEST_IMAGE } from './docker';

export async function runToCompletion(docker: Docker, cmd: string[], binds: string[], labels: Record<string, string>): Promise<void> {
  const container = await docker.createContainer({ Image: TEST_IMAGE, Cmd: cmd, Labels: labels, HostConfig: { Binds: binds, Init: true } });
  try {
    await container.start();
    assert.equal((await container.wait()).StatusCode, 0, `${cmd.join(' ')} failed`);
  } finally {
    await container.remove({ force: true });
  }
}
