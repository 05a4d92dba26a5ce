// The `dockside` command's entry, dist/cli.js: runs the bundle of the command asked for with V8's code
// cache, so a run in a terminal or a script spends its time on the files. The commands that talk to the
// Docker Engine (compose, ecs, swarm) are bundles of their own, each with only the code it uses (the
// AWS SDK only in ecs; no engine code in validate or convert): loading megabytes it does not run was
// most of a short command's time. Everything else is dist/cli-main.js, built from main.ts.
import { join } from 'node:path';
import { runBundle } from '@dockside/core/node';

const ENGINE_COMMANDS = ['compose', 'ecs', 'swarm'];

const command = process.argv[2];
runBundle(join(__dirname, ENGINE_COMMANDS.includes(command ?? '') ? `cli-${command}.js` : 'cli-main.js'), module);
