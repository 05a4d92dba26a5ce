// dist/cli-ecs.js: `dockside ecs …`, a bundle of its own that dist/cli.js runs (see boot.ts), so the
// command loads only the code it uses.
import { finish } from '../exit';
import { runEcsCli } from '../ecs';

// On Node.js 20 the AWS SDK's clients print an eight-line warning that its later releases will need
// Node.js 22, on every deploy: about what npm would install, not the SDK bundled here, and nothing a
// Dockside user can act on. Unless the user asks for it, it is left out.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

finish(runEcsCli(process.argv.slice(3)));
