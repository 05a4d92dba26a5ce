// What the set-up scripts (docker-engine.mjs, code-server.mjs) ask of the machine: whether a command is
// on PATH, and Debian packages installed with apt when it is root and apt is there.
import { spawnSync } from 'node:child_process';

export function have(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/**
 * Installs Debian packages (root, apt-get, no prompts); throws saying what to install otherwise.
 * `recommends`: with the packages' recommended ones too. `why`: what they are for, said in the one line
 * this prints. apt runs quietly and non-interactively (no debconf questions, no needrestart prompt, no
 * progress bars); what it prints is shown only when it fails.
 */
export function aptInstall(packages, log, { recommends = false, why = '' } = {}) {
  if (process.getuid?.() !== 0 || !have('apt-get')) {
    const problem = process.getuid?.() !== 0 ? 'this is not root' : 'apt-get is not there';
    throw new Error(`${packages.join(', ')} missing and ${problem}: install them (apt-get install ${packages.join(' ')}) and run again.`);
  }
  log(`installing ${packages.join(', ')} from Debian's packages${why ? ` ${why}` : ''}…`);
  const env = {
    ...process.env,
    DEBIAN_FRONTEND: 'noninteractive',
    DEBCONF_NONINTERACTIVE_SEEN: 'true',
    // needrestart (Ubuntu, some Debian set-ups): no question, and no check either; what this installs
    // is new, and no running service needs restarting for it.
    NEEDRESTART_MODE: 'a',
    NEEDRESTART_SUSPEND: '1',
  };
  const quiet = ['-qq', '-o', 'Dpkg::Use-Pty=0'];
  const install = [
    'install',
    '-y',
    ...quiet,
    '-o',
    'Dpkg::Options::=--force-confdef',
    '-o',
    'Dpkg::Options::=--force-confold',
    ...(recommends ? [] : ['--no-install-recommends']),
    ...packages,
  ];
  for (const args of [['update', ...quiet], install]) {
    const r = spawnSync('apt-get', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env });
    if (r.status !== 0) {
      const said = `${r.stdout ?? ''}${r.stderr ?? ''}`.trimEnd().split('\n').slice(-30).join('\n');
      throw new Error(`apt-get ${args.join(' ')} failed (exit ${r.status ?? r.signal}):\n${said}`);
    }
  }
}
