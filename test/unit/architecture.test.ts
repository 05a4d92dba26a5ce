// The layout's rules, checked on every import of every source file:
//   core ← server;  core ← engine ← client;  core + engine ← cli
// and nothing else. A package reaches another only through its public entry (`@dockside/core`,
// `@dockside/core/node`, `@dockside/engine`), never by a relative path into its folders. The core is
// pure (no editor, protocol, file-system, process or network module), and neither the engine nor the
// view models import `vscode`: the CLI and the tests run them where there is no editor.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { test } from 'node:test';
import { importsOf } from '../helpers/imports';
import { projectRoot } from '../helpers/paths';

type PackageName = 'core' | 'core/node' | 'engine' | 'server' | 'client' | 'cli';

const PACKAGE_FOLDERS: Record<PackageName, string> = {
  core: 'core/src',
  'core/node': 'core/node',
  engine: 'engine/src',
  server: 'server/src',
  client: 'client/src',
  cli: 'cli/src',
};

const MAY_IMPORT: Record<PackageName, readonly PackageName[]> = {
  core: [],
  'core/node': ['core'],
  server: ['core', 'core/node'],
  engine: ['core', 'core/node'],
  client: ['core', 'core/node', 'engine'],
  cli: ['core', 'core/node', 'engine'],
};

const PUBLIC_ENTRIES: Record<string, PackageName> = {
  '@dockside/core': 'core',
  '@dockside/core/node': 'core/node',
  '@dockside/engine': 'engine',
};

const IMPURE =
  /^(vscode|vscode-languageserver.*|vscode-languageclient.*|vscode-jsonrpc.*|(node:)?(fs|fs\/promises|child_process|net|http|https|dgram|worker_threads))$/;
const EDITOR = /^(vscode|vscode-languageclient.*)$/;

// The AWS SDK is a bundle of its own that engine/src/deploy/sdk.ts loads on the first AWS call (esbuild.mjs):
// an import of its code anywhere else would bring it back into the extension's bundle, and into every
// window's start. Types may be imported anywhere.
const AWS_SDK_BUNDLE = 'engine/src/deploy/awsSdk.ts';
const SDK_CODE_IMPORT = /(?:^|\n)\s*(?:import(?!\s+type\s)|export)[^'"]*?from\s+['"]@aws-sdk\/|\b(?:require|import)\(\s*['"]@aws-sdk\//;

interface SourceFile {
  /** Relative to the project root, with forward slashes. */
  path: string;
  text: string;
}

function packageOf(path: string): PackageName | undefined {
  const found = (Object.entries(PACKAGE_FOLDERS) as Array<[PackageName, string]>).find(([, folder]) => `${path}/`.startsWith(`${folder}/`));
  return found?.[0];
}

/** Every import that breaks the layout's rules, as "file imports X: why". */
function layoutViolations(files: readonly SourceFile[]): string[] {
  const out: string[] = [];
  for (const file of files) {
    const from = packageOf(file.path);
    if (!from) continue;
    if (file.path !== AWS_SDK_BUNDLE && SDK_CODE_IMPORT.test(file.text))
      out.push(`${file.path} imports the AWS SDK's code: only ${AWS_SDK_BUNDLE} may, and engine/src/deploy/sdk.ts loads it on first use`);
    const isViewModel = /^client\/src\/views\/(\w+Model|contextValues|itemView)\.ts$/.test(file.path);
    for (const specifier of importsOf(file.text)) {
      const say = (why: string): void => void out.push(`${file.path} imports ${specifier}: ${why}`);
      if (from === 'core' && IMPURE.test(specifier)) say('the core is pure');
      if ((from === 'engine' || isViewModel) && EDITOR.test(specifier)) say('the engine and the view models run without an editor');
      let to: PackageName | undefined = PUBLIC_ENTRIES[specifier];
      if (specifier.startsWith('@dockside/') && !to) say('not a public entry');
      if (specifier.startsWith('.')) {
        const target = relative(projectRoot, resolve(projectRoot, dirname(file.path), specifier))
          .split(sep)
          .join('/');
        // The JSON schemas are the core's data, kept at the top level for other editors and tools.
        if (from === 'core' && target.startsWith('schemas/') && target.endsWith('.json')) continue;
        to = packageOf(target);
        if (to !== from) {
          say(to ? `reaches into ${to} by path; use its public entry` : 'reaches outside the packages');
          continue;
        }
      }
      if (to && to !== from && !MAY_IMPORT[from].includes(to)) say(`${from} may not depend on ${to}`);
    }
  }
  return out;
}

function sources(folder: string): SourceFile[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [{ path: relative(projectRoot, path).split(sep).join('/'), text: readFileSync(path, 'utf8') }] : [];
  });
}

test('every import of every package follows the layout: core ← server; core ← engine ← client; core + engine ← cli', () => {
  const files = Object.values(PACKAGE_FOLDERS).flatMap((folder) => sources(join(projectRoot, folder)));
  for (const folder of Object.values(PACKAGE_FOLDERS))
    assert.ok(
      files.some((f) => f.path.startsWith(`${folder}/`)),
      `no source found in ${folder}`,
    );
  assert.ok(
    files.some((f) => f.path === 'client/src/views/stacksModel.ts'),
    'the view models were not found',
  );
  assert.deepEqual(layoutViolations(files), []);
});

test('the layout check catches each kind of wrong import', () => {
  const cases: Array<[SourceFile, RegExp]> = [
    [{ path: 'core/src/a.ts', text: "import { readFileSync } from 'node:fs';" }, /the core is pure/],
    [{ path: 'core/src/a.ts', text: "import type { Connection } from 'vscode-languageserver';" }, /the core is pure/],
    [{ path: 'core/src/a.ts', text: "import { x } from '@dockside/engine';" }, /core may not depend on engine/],
    [{ path: 'server/src/a.ts', text: "import { x } from '@dockside/engine';" }, /server may not depend on engine/],
    [{ path: 'engine/src/a.ts', text: "import * as vscode from 'vscode';" }, /without an editor/],
    [{ path: 'client/src/views/stacksModel.ts', text: "import * as vscode from 'vscode';" }, /without an editor/],
    [{ path: 'engine/src/compose/a.ts', text: "import { x } from '../../../core/src/compose/ports';" }, /reaches into core by path/],
    [{ path: 'client/src/a.ts', text: "const m = require('../../server/src/lsp/ranges');" }, /reaches into server by path/],
    [{ path: 'cli/src/a.ts', text: "import { x } from '@dockside/core/src/types';" }, /not a public entry/],
    [{ path: 'engine/src/a.ts', text: "export { y } from '../../test/helpers/paths';" }, /reaches outside the packages/],
    [{ path: 'server/src/a.ts', text: "import schema from '../../schemas/compose.schema.json';" }, /reaches outside the packages/],
    [{ path: 'core/node/host.ts', text: "import type { ProjectHost } from '../src';" }, /reaches into core by path/],
    [{ path: 'engine/src/deploy/a.ts', text: "import { ECSClient, type Service } from '@aws-sdk/client-ecs';" }, /the AWS SDK's code/],
    [{ path: 'client/src/a.ts', text: "const { STSClient } = require('@aws-sdk/client-sts');" }, /the AWS SDK's code/],
    [{ path: 'cli/src/a.ts', text: "export { ECSClient } from '@aws-sdk/client-ecs';" }, /the AWS SDK's code/],
  ];
  for (const [file, why] of cases) {
    const found = layoutViolations([file]);
    assert.equal(found.length, 1, `${file.path}: ${file.text} gave ${JSON.stringify(found)}`);
    assert.match(found[0]!, why);
  }
  const allowed: SourceFile[] = [
    { path: 'client/src/a.ts', text: "import { x } from '@dockside/engine';\nimport * as vscode from 'vscode';" },
    { path: 'cli/src/a.ts', text: "import { x } from '@dockside/core';\nimport { diskHost } from '@dockside/core/node';" },
    { path: 'core/src/compose/a.ts', text: "import { x } from '../types';" },
    { path: 'engine/src/deploy/a.ts', text: "import type { Service, Task } from '@aws-sdk/client-ecs';" },
    { path: AWS_SDK_BUNDLE, text: "export * as ecs from '@aws-sdk/client-ecs';" },
    { path: 'core/src/compose/b.ts', text: "import schema from '../../../schemas/compose.schema.json';" },
  ];
  assert.deepEqual(layoutViolations(allowed), []);
});
