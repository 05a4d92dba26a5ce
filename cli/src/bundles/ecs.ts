// dist/cli-ecs.js: `dockside ecs …`, a bundle of its own that dist/cli.js runs (see boot.ts), so the
// command loads only the code it uses.
import { finish } from '../exit';
import { runEcsCli } from '../ecs';

finish(runEcsCli(process.argv.slice(3)));
