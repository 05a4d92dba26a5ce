// The `dockside` command: validate and convert here, compose and ecs in their own modules.
import { runComposeCli } from './compose';
import { convertCommand } from './convert';
import { runEcsCli } from './ecs';
import { USAGE } from './usage';
import { validateCommand } from './validate';

declare const DOCKSIDE_VERSION: string;

/** Exit status, or a promise of it for the commands that talk to the Docker Engine. */
export function main(argv: string[]): number | Promise<number> {
  const args = [...argv];
  if (args.includes('--version')) {
    process.stdout.write(`${DOCKSIDE_VERSION}\n`);
    return 0;
  }
  // `dockside ecs … --help` is the ecs commands' own help.
  if (args[0] === 'ecs') return runEcsCli(args.slice(1));
  if (args.length === 0 || args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return args.length === 0 ? 2 : 0;
  }
  const [command, ...rest] = args;
  if (command === 'convert') return convertCommand(rest);
  if (command === 'compose') return runComposeCli(rest);
  if (command !== 'validate') {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  return validateCommand(rest);
}

void Promise.resolve(main(process.argv.slice(2))).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`dockside: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
