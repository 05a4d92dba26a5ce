// The `dockside` command: one module per command, each with its own options and --help. This is
// dist/cli-main.js; compose, ecs and swarm are bundles of their own (cli/src/bundles), which dist/cli.js
// runs instead of this one (boot.ts).
import { closest } from '@dockside/core';
import { choices } from './args';
import { convertCommand } from './convert';
import { finish } from './exit';
import { COMMANDS, USAGE } from './usage';
import { validateCommand } from './validate';

declare const DOCKSIDE_VERSION: string;

/** Exit status. */
export function main(args: string[]): number {
  const [command, ...rest] = args;
  switch (command) {
    case 'validate':
      return validateCommand(rest);
    case 'convert':
      return convertCommand(rest);
    case 'compose':
    case 'ecs':
    case 'swarm':
      // Bundles of their own, which the dockside command (dist/cli.js) runs; this one has no engine code.
      process.stderr.write(`dockside: "${command}" is run by the dockside command (dist/cli.js), not by this bundle.\n`);
      return 2;
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

finish(main(process.argv.slice(2)));
