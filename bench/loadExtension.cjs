// Loads the extension's bundle as VS Code's extension host does (`require` of package.json's "main"),
// with a stand-in for the `vscode` module that only VS Code provides: what a window with a Compose
// project pays before `activate` runs. Part "cli" of `npm run bench` times this whole process.
// Usage: node bench/loadExtension.cjs ROOT [--print-loaded]; with --print-loaded it prints the modules the
// load read, as JSON (test/unit/package.test.ts checks that the AWS SDK is not among them).
const Module = require('node:module');
const { join } = require('node:path');

const root = process.argv[2];
const classes = {};
const vscode = new Proxy(classes, { get: (_, key) => (key === '__esModule' ? false : (classes[key] ??= class {})) });
const load = Module._load;
Module._load = function (request, ...rest) {
  return request === 'vscode' ? vscode : load.call(this, request, ...rest);
};
const { main } = require(join(root, 'package.json'));
const extension = require(join(root, main));
if (typeof extension.activate !== 'function') throw new Error(`${main} exports no activate()`);
if (process.argv.includes('--print-loaded')) console.log(JSON.stringify(Object.keys(require.cache)));
