// Bundles the extension client, the language server and the CLI into dist/ (one file each).
// `--production` minifies and drops source maps, as `vscode:prepublish` and `npm run package` ask.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const production = process.argv.includes('--production');
const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  minify: production,
  sourcemap: !production,
  logLevel: 'warning',
  define: { DOCKSIDE_VERSION: JSON.stringify(version) },
  // dockerode's ssh transport loads these native add-ons inside try/catch and works without them; we
  // don't ship native code, so leave them out of the bundle.
  external: ['cpu-features', '*.node'],
};

await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode', 'cpu-features', '*.node'] }),
  build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' }),
  build({ ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
]);
