// What the set-up scripts (docker-engine.mjs, code-server.mjs) ask of the machine: whether a command is
// on PATH, and Debian packages installed with apt when it is root and apt is there.
import { spawnSync } from 'node:child_process';

export function have(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/**
 * Installs Debian packages (root, apt-get, no prompts); throws saying what to install otherwise.
 * `recommends`: with the packages' recommended ones too. `quiet`: apt's own messages are shown only
 * when it fails.
 */
export function aptInstall(packages, log, { recommends = false, quiet = false } = {}) {
  if (process.getuid?.() !== 0 || !have('apt-get')) {
    const why = process.getuid?.() !== 0 ? 'this is not root' : 'apt-get is not there';
    throw new Error(`${packages.join(', ')} missing and ${why}: install them (apt-get install ${packages.join(' ')}) and run again.`);
  }
  log(`installing ${packages.join(' ')} from Debian's packages…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = ['install', '-y', '-qq', ...(recommends ? [] : ['--no-install-recommends']), ...packages];
  for (const args of [['update', '-qq'], install]) {
    const r = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', quiet ? 'pipe' : 'inherit'], env, encoding: 'utf8' });
    if (r.status !== 0)
      throw new Error(`apt-get ${args.join(' ')} failed (exit ${r.status})${quiet && r.stderr ? `: ${r.stderr.trim()}` : ''}`);
  }
}
