/**
 * Runs a bundle (dist/server-main.js, dist/cli-main.js, dist/cli-swarm.js …) as `require` would, but with V8's code cache:
 * the bytecode of everything the last run compiled, kept on disk, so a new process neither parses the
 * bundle's megabytes nor compiles again the functions its first check needs (about a third of the
 * language server's time to its first diagnostics). A bundle it requires from beside it (dist/aws-sdk.js)
 * runs with the cache too. VS Code does the same for its own code; Node.js 22
 * does it with module.enableCompileCache(), which the Node.js 20 that VS Code 1.100 ships lacks.
 *
 * The cache lives in a folder only this user may write (DOCKSIDE_CACHE_DIR, which the extension points
 * at its own storage, else ~/.cache/dockside): V8 runs what a cache file holds, so one that others
 * could write would run their code. Each file is named after the bundle's size and time and the
 * Node.js version, V8 refuses one that does not match, and a refused or missing cache is written anew
 * when the process exits. Anything that goes wrong with the cache leaves only the cache out.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

/** Cache files kept per bundle name: a few builds side by side (several checkouts, or an update). */
const KEEP = 4;

export function runBundle(file: string, parent: NodeModule): void {
  loadBundle(file, parent);
}

/** Bundles this process has run, by path: a bundle that another requires runs once, as a module would. */
const loaded = new Map<string, unknown>();

function loadBundle(file: string, parent: NodeModule): unknown {
  const source = readFileSync(file, 'utf8');
  const cache = cacheFileFor(file);
  const cachedData = cache === undefined ? undefined : readOrUndefined(cache);
  const script = new Script(Module.wrap(source), { filename: file, cachedData });
  const module = new Module(file, parent);
  module.filename = file;
  module.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dirname(file));
  if (cache !== undefined && (cachedData === undefined || script.cachedDataRejected === true)) {
    // At exit the cache holds every function this run compiled, not only the bundle's top level.
    process.once('exit', () => save(script, cache, file));
  }
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, bundleRequire(file, module), module, file, dirname(file));
  return module.exports;
}

/**
 * `require` inside a bundle: a bundle beside it (`require("./aws-sdk.js")`, the AWS SDK that a command
 * loads on its first AWS call) runs with the code cache too; anything else is Node's own require.
 */
function bundleRequire(file: string, module: NodeModule): NodeJS.Require {
  const plain = createRequire(file);
  const require = (id: string): unknown => {
    if (!/^\.\/[\w-]+\.js$/.test(id)) return plain(id);
    const sibling = join(dirname(file), id);
    if (!loaded.has(sibling)) loaded.set(sibling, loadBundle(sibling, module));
    return loaded.get(sibling);
  };
  return Object.assign(require, { resolve: plain.resolve, cache: plain.cache, main: plain.main, extensions: plain.extensions });
}

function cacheFileFor(file: string): string | undefined {
  try {
    const dir = privateCacheDir();
    if (dir === undefined) return undefined;
    const { size, mtimeMs } = statSync(file);
    return join(dir, `${basename(file)}-${size}-${Math.floor(mtimeMs)}-${process.version}-${process.arch}.cache`);
  } catch {
    return undefined;
  }
}

/** The cache folder, made if need be, or undefined when anyone but this user could write into it. */
function privateCacheDir(): string | undefined {
  const base =
    process.platform === 'win32'
      ? join(process.env['LOCALAPPDATA'] ?? join(homedir(), 'AppData', 'Local'), 'dockside')
      : join(process.env['XDG_CACHE_HOME'] || join(homedir(), '.cache'), 'dockside');
  const dir = join(process.env['DOCKSIDE_CACHE_DIR'] || base, 'v8');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.platform === 'win32') return dir;
  const stat = statSync(dir);
  return stat.uid === process.getuid?.() && (stat.mode & 0o022) === 0 ? dir : undefined;
}

function readOrUndefined(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/** Writes the cache whole or not at all (another process may be reading it), and drops the bundle's oldest others. */
function save(script: Script, cache: string, file: string): void {
  try {
    const partial = `${cache}.${process.pid}.partial`;
    writeFileSync(partial, script.createCachedData(), { mode: 0o600 });
    renameSync(partial, cache);
    const dir = dirname(cache);
    const prefix = `${basename(file)}-`;
    const others = readdirSync(dir)
      .filter((name) => name.startsWith(prefix) && name.endsWith('.cache') && join(dir, name) !== cache)
      .map((name) => ({ path: join(dir, name), time: statSync(join(dir, name)).mtimeMs }))
      .sort((a, b) => b.time - a.time);
    for (const old of others.slice(KEEP - 1)) unlinkSync(old.path);
  } catch {
    // No cache this time: the next run compiles as it would without one.
  }
}
