// The `dockside` command's entry, dist/cli.js: runs the bundled command (dist/cli-main.js, built from
// main.ts) with V8's code cache, so a run in a terminal or a script spends its time on the files.
import { join } from 'node:path';
import { runBundle } from '@dockside/core/node';

runBundle(join(__dirname, 'cli-main.js'), module);
