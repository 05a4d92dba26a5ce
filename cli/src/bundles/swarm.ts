// dist/cli-swarm.js: `dockside swarm …`, a bundle of its own that dist/cli.js runs (see boot.ts), so the
// command loads only the code it uses.
import { finish } from '../exit';
import { runSwarmCli } from '../swarm';

finish(runSwarmCli(process.argv.slice(3)));
