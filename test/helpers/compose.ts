// What the Compose runner's engine tests share: a free port (the one npm start uses), commands run inside a container, and
// removal of a test project whatever state a failed test left it in.
import type Docker from 'dockerode';
import { stackDown } from '../../engine/src/compose';
import { demultiplex } from '../../engine/src/compose/streams';
import { removeLabelled } from './docker';

/** A TCP port nothing listens on right now (the engine may still race us for it; tests accept that). */
export { freePort } from '../../scripts/code-server.mjs';

/** Runs a command in a running container; its output and exit code. */
export async function execIn(docker: Docker, containerId: string, cmd: string[]): Promise<{ output: string; exitCode: number | null }> {
  const exec = await docker.getContainer(containerId).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  const output = demultiplex(Buffer.concat(chunks))
    .map((frame) => frame.text)
    .join('');
  return { output, exitCode: (await exec.inspect()).ExitCode };
}

/** Everything of one test project, removed: through Down, then by its label in case Down could not. */
export async function removeProject(docker: Docker, projectName: string): Promise<void> {
  await stackDown(docker, projectName, { removeVolumes: true }).catch(() => undefined);
  await removeLabelled(docker, `com.docker.compose.project=${projectName}`);
}

/** The id of a project's container, by its Compose name. */
export async function containerId(docker: Docker, name: string): Promise<string> {
  return (await docker.getContainer(name).inspect()).Id;
}
