// Bundles the extension client, the language server and the CLI into dist/ (one file each).
// `--production` minifies and drops source maps, as `vscode:prepublish` and `npm run package` ask.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { standaloneValidators } from './scripts/standaloneValidators.mjs';

const production = process.argv.includes('--production');
const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

// dockerode loads ssh2 (for ssh:// engines) and gRPC with protobuf (for BuildKit sessions) as it starts,
// about 100 ms of every CLI run and of the extension's activation. Dockside uses neither: it refuses
// ssh:// addresses and builds with the engine's classic builder. So they are bundled as stubs that
// throw, with this message, if anything ever reaches them.
const UNUSED_TRANSPORTS = /^(ssh2|@grpc\/grpc-js|@grpc\/proto-loader|protobufjs)$/;
const unusedTransports = {
  name: 'unused-docker-transports',
  setup(build) {
    build.onResolve({ filter: UNUSED_TRANSPORTS }, (args) => ({ path: args.path, namespace: 'unused-transport' }));
    build.onLoad({ filter: /.*/, namespace: 'unused-transport' }, (args) => ({
      loader: 'js',
      contents: `const fail = () => { throw new Error(${JSON.stringify(`${args.path} is not part of Dockside (ssh:// engines and BuildKit sessions are not supported)`)}); };
module.exports = new Proxy({}, { get: (_, key) => (key === '__esModule' || typeof key === 'symbol' ? undefined : fail) });`,
    }));
  },
};

// The AWS SDK is a bundle of its own, dist/aws-sdk.js, that engine/src/deploy/sdk.ts requires on the first
// AWS call: bundled in, it was three quarters of the time the extension took to load, deploy or not.
const AWS_SDK_ENTRY = 'engine/src/deploy/awsSdk.ts';
const awsSdkApart = {
  name: 'aws-sdk-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\/awsSdk$/ }, (args) =>
      args.importer === fileURLToPath(new URL('./engine/src/deploy/sdk.ts', import.meta.url))
        ? { path: './aws-sdk.js', external: true }
        : undefined,
    );
  },
};

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
  // The JSON schemas compiled to code now, not on the first check (scripts/standaloneValidators.mjs).
  plugins: [unusedTransports, awsSdkApart, standaloneValidators()],
};

// dist/server.js and dist/cli.js hold only the loader that runs the main bundle with V8's code cache:
// they are parsed and compiled on every start, without a cache, so they take runBundle's module alone
// rather than all of @dockside/core/node (whose project loading would bring the whole core along).
const loaderAlone = {
  name: 'loader-alone',
  setup(build) {
    build.onResolve({ filter: /^@dockside\/core\/node$/ }, () => ({
      path: fileURLToPath(new URL('./core/node/codeCache.ts', import.meta.url)),
    }));
  },
};

await Promise.all([
  build({
    ...common,
    entryPoints: ['client/src/extension.ts'],
    outfile: 'dist/extension.js',
    external: ['vscode', 'cpu-features', '*.node'],
  }),
  // dist/server.js and dist/cli.js run dist/server-main.js and dist/cli-main.js with V8's code cache.
  build({ ...common, entryPoints: ['server/src/boot.ts'], outfile: 'dist/server.js', plugins: [loaderAlone] }),
  build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server-main.js' }),
  build({
    ...common,
    entryPoints: ['cli/src/boot.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
    plugins: [loaderAlone],
  }),
  build({ ...common, entryPoints: ['cli/src/main.ts'], outfile: 'dist/cli-main.js' }),
  // The AWS SDK, which the extension and the ecs command require on their first AWS call (awsSdkApart).
  build({ ...common, entryPoints: [AWS_SDK_ENTRY], outfile: 'dist/aws-sdk.js' }),
  // The commands that talk to the Docker Engine, a bundle each, which dist/cli.js runs (cli/src/boot.ts):
  // `dockside validate` loads no engine code, `dockside swarm` no AWS SDK.
  ...['compose', 'ecs', 'swarm'].map((command) =>
    build({ ...common, entryPoints: [`cli/src/bundles/${command}.ts`], outfile: `dist/cli-${command}.js` }),
  ),
]);
