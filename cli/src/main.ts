// The `dockside` command: one module per command, each with its own options and --help. compose and
// ecs are loaded only when they run (a file of their own in the bundle: see engineCommands.ts).
import { closest } from '@dockside/core';
import { choices } from './args';
import { convertCommand } from './convert';
import { COMMANDS, USAGE } from './usage';
import { validateCommand } from './validate';

declare const DOCKSIDE_VERSION: string;

/** Exit status, or a promise of it for the commands that talk to the Docker Engine. */
export function main(args: string[]): number | Promise<number> {
  const [command, ...rest] = args;
  switch (command) {
    case 'validate':
      return validateCommand(rest);
    case 'convert':
      return convertCommand(rest);
    case 'compose':
      return import('./engineCommands').then(({ runComposeCli }) => runComposeCli(rest));
    case 'ecs':
      return import('./engineCommands').then(({ runEcsCli }) => runEcsCli(rest));
    case 'swarm':
      return import('./engineCommands').then(({ runSwarmCli }) => runSwarmCli(rest));
    case '--version':
      process.stdout.write(`${DOCKSIDE_VERSION}\n`);
      return 0;
    case '-h':
    case '--help':
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return 0;
    case undefined:
      process.stderr.write(`dockside: name a command: ${choices(COMMANDS)}. Run "dockside --help" for the commands.\n`);
      return 2;
    default: {
      const suggestion = closest(command, COMMANDS);
      const what = command.startsWith('-') ? `unknown option "${command}"` : `unknown command "${command}"`;
      process.stderr.write(
        `dockside: ${what}${suggestion ? `; did you mean "${suggestion}"?` : '.'} Run "dockside --help" for the commands.\n`,
      );
      return 2;
    }
  }
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
