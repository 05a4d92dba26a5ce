// dist/cli-compose.js: `dockside compose …`, a bundle of its own that dist/cli.js runs (see boot.ts), so the
// command loads only the code it uses.
import { finish } from '../exit';
import { runComposeCli } from '../compose';

finish(runComposeCli(process.argv.slice(3)));
