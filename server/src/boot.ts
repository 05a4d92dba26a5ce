// The language server's entry, dist/server.js: runs the bundled server (dist/server-main.js, built from
// server.ts) with V8's code cache, so a new server reaches its first diagnostics sooner.
import { join } from 'node:path';
import { runBundle } from '@dockside/core/node';

runBundle(join(__dirname, 'server-main.js'), module);
