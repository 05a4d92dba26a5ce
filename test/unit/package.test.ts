import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ACTION_COMMANDS, menuCondition, type ItemKind } from '../../client/src/views/contextValues';
import { mayRun } from '../../client/src/views/safetyModel';
import type { EngineProblem } from '../../client/src/views/statusModel';
import { projectRoot } from '../helpers/paths';

const manifest = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
  main: string;
  bin: Record<string, string>;
  contributes: {
    grammars: Array<{ path: string }>;
    configuration: { properties: Record<string, { markdownDescription?: string; default?: unknown; scope?: string }> };
  };
};

/** The files `vsce` would put in the .vsix, sorted. */
function packagedFiles(): string[] {
  const vsce = join(projectRoot, 'node_modules', '.bin', 'vsce');
  const listed = spawnSync(vsce, ['ls', '--no-dependencies'], { cwd: projectRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  assert.equal(listed.status, 0, listed.stderr);
  return listed.stdout
    .trim()
    .split('\n')
    .map((f) => f.trim())
    .sort();
}

test('the .vsix ships the bundles, schemas and grammar the manifest points to, and nothing else', () => {
  const files = packagedFiles();
  const required = [
    manifest.main,
    ...Object.values(manifest.bin),
    ...manifest.contributes.grammars.map((g) => g.path),
    'dist/server.js',
    'dist/cli-compose.js',
    'dist/cli-ecs.js',
    'dist/cli-swarm.js',
    'schemas/compose.schema.json',
  ];
  for (const file of required) assert.ok(files.includes(file.replace(/^\.\//, '')), `${file} is not packaged: ${files.join(', ')}`);
  assert.deepEqual(
    files.filter((f) => /(^|\/)(test|node_modules|server\/src|client\/src)\//.test(f) || f.endsWith('.map')),
    [],
  );
});

test('every bundle that a packaged bundle requires from beside it is packaged too', () => {
  const files = new Set(packagedFiles());
  const bundles = [...files].filter((f) => /^dist\/[^/]+\.js$/.test(f));
  const siblings = bundles.flatMap((bundle) =>
    [...readFileSync(join(projectRoot, bundle), 'utf8').matchAll(/\brequire\("\.\/([^"]+)"\)/g)].map(
      (m) => [bundle, `dist/${m[1]}`] as const,
    ),
  );
  assert.ok(
    siblings.some(([, required]) => required === 'dist/aws-sdk.js'),
    'no bundle requires dist/aws-sdk.js',
  );
  assert.deepEqual(
    siblings.filter(([, required]) => !files.has(required)).map(([bundle, required]) => `${bundle} requires ${required}`),
    [],
  );
});

test('loading the extension reads none of the AWS SDK: dist/aws-sdk.js is required on the first AWS call', () => {
  const extension = join(projectRoot, manifest.main);
  assert.doesNotMatch(readFileSync(extension, 'utf8'), /aws-sdk-js/, 'the AWS SDK is bundled into the extension');
  assert.match(readFileSync(join(projectRoot, 'dist', 'aws-sdk.js'), 'utf8'), /aws-sdk-js/);
  // The extension's module, required as VS Code requires it, with a stand-in for the `vscode` module
  // (loading only defines the extension's classes; nothing is activated): what the bench times.
  const run = spawnSync(process.execPath, [join(projectRoot, 'bench', 'loadExtension.cjs'), projectRoot, '--print-loaded'], {
    encoding: 'utf8',
  });
  assert.equal(run.status, 0, run.stderr);
  const loaded = JSON.parse(run.stdout) as string[];
  assert.ok(loaded.includes(extension), loaded.join(', '));
  assert.deepEqual(
    loaded.filter((path) => /aws-sdk/.test(path)),
    [],
  );
});

test('every setting has a default, a scope and a description', () => {
  for (const [name, setting] of Object.entries(manifest.contributes.configuration.properties)) {
    assert.ok(setting.markdownDescription, `${name} has no description`);
    assert.ok('default' in setting, `${name} has no default`);
    assert.ok(setting.scope, `${name} has no scope`);
  }
});

test('the npm bins start the bundled server and CLI', () => {
  for (const bin of Object.values(manifest.bin)) assert.ok(existsSync(join(projectRoot, bin)), bin);
  const version = spawnSync(process.execPath, [join(projectRoot, manifest.bin['dockside-language-server']!), '--version'], {
    encoding: 'utf8',
  });
  assert.equal(version.stdout.trim(), (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version);
});

// ---------------------------------------------------------------------------------------------------
// The Docker sidebar's contributions

interface MenuEntry {
  command: string;
  when?: string;
  group?: string;
}
const contributes = (
  JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
    contributes: {
      commands: Array<{ command: string; title: string; category?: string }>;
      menus: Record<string, MenuEntry[]>;
      views: Record<string, Array<{ id: string }>>;
      viewsContainers: { activitybar: Array<{ id: string; icon: string }> };
      viewsWelcome: Array<{ view: string; when: string; contents: string }>;
    };
  }
).contributes;
const declared = new Set(contributes.commands.map((c) => c.command));

function clientSources(folder = join(projectRoot, 'client', 'src')): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? clientSources(path) : path.endsWith('.ts') ? [readFileSync(path, 'utf8')] : [];
  });
}

test('every command a menu names is declared, with a title and the Dockside category', () => {
  for (const [where, entries] of Object.entries(contributes.menus)) {
    for (const entry of entries) assert.ok(declared.has(entry.command), `${where} names ${entry.command}, which is not declared`);
  }
  for (const command of contributes.commands) assert.equal(command.category, 'Dockside', command.command);
});

test('every declared command is registered by the extension', () => {
  const source = clientSources().join('\n');
  const registered = new Set([...source.matchAll(/register(?:Command)?\(\s*'(dockside\.[A-Za-z.]+)'/g)].map((m) => m[1]!));
  for (const command of declared) assert.ok(registered.has(command), `${command} is declared but nothing registers it`);
});

test('every item action the view models can offer has its menu entry, gated on trust when it changes anything', () => {
  const entries = contributes.menus['view/item/context'] ?? [];
  for (const [kind, actions] of Object.entries(ACTION_COMMANDS)) {
    for (const [action, command] of Object.entries(actions)) {
      const condition = menuCondition(kind as ItemKind, action);
      const matching = entries.filter((e) => e.command === command && e.when?.includes(condition));
      assert.ok(matching.length > 0, `no menu shows ${command} for ${condition}`);
      const changesThings = !mayRun(action, { trusted: false, connected: true }).allowed;
      for (const entry of matching) assert.equal(entry.when!.includes('isWorkspaceTrusted'), changesThings, `${command}: ${entry.when}`);
    }
  }
});

test('item commands are hidden from the palette, which has no item to give them', () => {
  const hidden = new Set((contributes.menus['commandPalette'] ?? []).filter((e) => e.when === 'false').map((e) => e.command));
  for (const [kind, actions] of Object.entries(ACTION_COMMANDS)) {
    if (kind === 'stack') continue;
    for (const command of Object.values(actions)) assert.ok(hidden.has(command), `${command} shows in the palette`);
  }
});

test('the Dockside views have an activity-bar icon that is packaged, and welcome content for every engine problem', () => {
  const container = contributes.viewsContainers.activitybar.find((c) => c.id === 'dockside');
  assert.ok(container && existsSync(join(projectRoot, container.icon)), 'the activity-bar icon is missing');
  assert.match(readFileSync(join(projectRoot, '.vscodeignore'), 'utf8'), new RegExp(`^!${container.icon.replace(/\./g, '\\.')}$`, 'm'));
  const problems: EngineProblem[] = ['missing', 'permission', 'refused', 'timeout', 'setting', 'lost', 'other'];
  for (const view of ['dockside.stacks', 'dockside.volumes']) {
    assert.ok(
      contributes.views['dockside']?.some((v) => v.id === view),
      `${view} is not declared`,
    );
    const welcome = contributes.viewsWelcome.filter((w) => w.view === view);
    for (const problem of problems) {
      const entry = welcome.find((w) => w.when.includes(`dockside.engine.problem == ${problem}`));
      assert.ok(entry, `${view} has no welcome for ${problem}`);
      assert.match(
        entry.contents,
        /\(command:dockside\.docker\.retry\)|\(command:workbench\.action\.openSettings/,
        `${view}/${problem} offers no way forward`,
      );
    }
    assert.ok(
      welcome.some((w) => w.when.includes('dockside.engine.state == connected')),
      `${view} says nothing when it is empty`,
    );
  }
});

test('untrusted workspaces are supported in a limited way, and the engine settings are restricted there', () => {
  const manifestCapabilities = (
    JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
      capabilities: { untrustedWorkspaces: { supported: string; description: string; restrictedConfigurations: string[] } };
    }
  ).capabilities;
  assert.equal(manifestCapabilities.untrustedWorkspaces.supported, 'limited');
  assert.ok(manifestCapabilities.untrustedWorkspaces.description);
  // Settings that pick what runs, where it listens, or what it may read: a workspace's own settings.json
  // must not set them for an untrusted folder (forwarding AWS credentials above all, or sending AWS calls,
  // signed with the user's credentials, to an endpoint of the workspace's choosing).
  assert.deepEqual(manifestCapabilities.untrustedWorkspaces.restrictedConfigurations.sort(), [
    'dockside.aws.endpointUrl',
    'dockside.aws.profile',
    'dockside.aws.region',
    'dockside.docker.host',
    'dockside.ecs.forwardAwsCredentials',
    'dockside.ecs.publishAddress',
    'dockside.ecs.sandboxCommand',
    'dockside.ecs.sandboxImage',
    'dockside.volumes.helperImage',
  ]);
});
