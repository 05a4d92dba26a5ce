import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument, type Range, type TextEdit } from 'vscode-languageserver-textdocument';
import { LspServer } from '../helpers/lspServer';
import { dedent } from '../helpers/marked';

const BROKEN = dedent(`
  services:
    web:
      imgae: nginx
      image: nginx
      networks: [front]
      depends_on: [db]
    db:
      image: postgres
      depends_on: [web]
`);

describe('the bundled server over stdio', () => {
  let server: LspServer;
  before(async () => {
    server = await LspServer.start();
  });
  after(async () => {
    await server.stop();
  });

  test('publishes diagnostics for an opened Compose file, with exact ranges and plain messages', async () => {
    const uri = 'file:///work/app/compose.yaml';
    await server.open(uri, BROKEN);
    const diagnostics = await server.diagnosticsFor(uri, 1);
    const summary = diagnostics.map((d) => [
      d.code,
      d.range.start.line,
      d.range.start.character,
      d.range.end.character,
      d.severity,
      d.source,
    ]);
    assert.deepEqual(summary, [
      ['compose/schema', 2, 4, 9, 1, 'dockside'],
      ['compose/undefined-network', 4, 15, 20, 1, 'dockside'],
      ['compose/dependency-cycle', 8, 17, 20, 1, 'dockside'],
    ]);
    assert.equal(diagnostics[0]!.message, 'Unknown key "imgae" in service "web". Did you mean "image"?');
    assert.equal(
      diagnostics[2]!.message,
      'These services depend on each other in a cycle: "db" → "web" → "db". Compose cannot decide which to start first.',
    );
    assert.equal(diagnostics[2]!.relatedInformation?.[0]?.location.range.start.line, 5);
  });

  test('re-checks after an edit and publishes for the new version', async () => {
    const uri = 'file:///work/edit/compose.yaml';
    await server.open(uri, 'services:\n  web:\n    image: nginx\n    restart: sometimes\n');
    assert.equal((await server.diagnosticsFor(uri, 1)).length, 1);
    const version = await server.change(uri, 'services:\n  web:\n    image: nginx\n');
    assert.deepEqual(await server.diagnosticsFor(uri, version), []);
  });

  test('a burst of edits ends with diagnostics for the newest version, never an older one after it', async () => {
    const uri = 'file:///work/burst/compose.yaml';
    await server.open(uri, 'services:\n  web:\n    image: nginx\n');
    await server.diagnosticsFor(uri, 1);
    let last = 1;
    for (const typo of ['i', 'im', 'imgae', 'imag'])
      last = await server.change(uri, `services:\n  web:\n    image: nginx\n    ${typo}: nginx\n`);
    const final = await server.diagnosticsFor(uri, last);
    assert.match(final[0]!.message, /Unknown key "imag" in service "web"\. Did you mean "image"\?/);
    const versions = server.publicationsFor(uri).map((p) => p.version ?? 0);
    assert.deepEqual(
      versions,
      [...versions].sort((a, b) => a - b),
      `published out of order: ${versions.join(', ')}`,
    );
  });

  test('a change that arrives late (an older version, or the same one twice) is ignored', async () => {
    const uri = 'file:///work/stale/compose.yaml';
    await server.open(uri, 'services:\n  web:\n    image: nginx\n');
    await server.diagnosticsFor(uri, 1);
    const send = (version: number, text: string) =>
      server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    await send(3, 'services:\n  web:\n    image: nginx\n    restart: sometimes\n');
    await send(2, 'services:\n  web:\n    imgae: nginx\n');
    await send(3, 'services:\n  web:\n    image: nginx\n');
    // The hover answers from the text the server holds: version 3's, with its `restart` line.
    const hover = await server.connection.sendRequest<{ contents: { value: string } } | null>('textDocument/hover', {
      textDocument: { uri },
      position: { line: 3, character: 5 },
    });
    assert.match(hover?.contents.value ?? '', /restart/i);
    const diagnostics = await server.diagnosticsFor(uri, 3);
    assert.deepEqual(
      diagnostics.map((d) => d.message),
      [diagnostics[0]!.message],
    );
    assert.match(diagnostics[0]!.message, /sometimes/);
    const published = server.publicationsFor(uri).slice(1);
    assert.ok(
      published.every((p) => p.version === 3 && p.diagnostics.length === 1),
      JSON.stringify(published),
    );
    assert.match(
      server.stderr + server.logMessages.join('\n'),
      /Ignored a change to file:\/\/\/work\/stale\/compose\.yaml: version 2 arrived after version 3/,
    );
  });

  test('a quick fix comes back as a versioned edit that, applied, leaves no diagnostics', async () => {
    const uri = 'file:///work/fix/compose.yaml';
    const text = 'services:\n  web:\n    imgae: nginx\n';
    await server.open(uri, text);
    const diagnostics = await server.diagnosticsFor(uri, 1);
    const actions = (await server.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostics[0]!.range,
      context: { diagnostics },
    })) as Array<{
      title: string;
      kind: string;
      isPreferred?: boolean;
      edit: { documentChanges: Array<{ textDocument: { version: number }; edits: TextEdit[] }> };
    }>;
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind, a.isPreferred]),
      [
        ['Change to "image"', 'quickfix', true],
        ['Convert to Task Definition', 'refactor.rewrite', undefined],
      ],
    );
    const change = actions[0]!.edit.documentChanges[0]!;
    assert.equal(change.textDocument.version, 1);
    const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'dockercompose', 1, text), change.edits);
    const version = await server.change(uri, fixed);
    assert.deepEqual(await server.diagnosticsFor(uri, version), []);
  });

  test('completion offers service names in depends_on and values for restart; hover shows schema docs', async () => {
    const uri = 'file:///work/complete/compose.yaml';
    const text = 'services:\n  db:\n    image: postgres:16\n  web:\n    image: nginx\n    restart: \n    depends_on:\n      - \n';
    await server.open(uri, text);
    await server.diagnosticsFor(uri, 1);
    type Items = { items: Array<{ label: string; kind: number; textEdit?: { newText: string } }> };
    const dependsOn = (await server.connection.sendRequest('textDocument/completion', {
      textDocument: { uri },
      position: { line: 7, character: 8 },
    })) as Items;
    assert.deepEqual(
      dependsOn.items.map((i) => i.label).filter((l) => l === 'db' || l === 'web'),
      ['db'],
    );
    const keys = (await server.connection.sendRequest('textDocument/completion', {
      textDocument: { uri },
      position: { line: 5, character: 4 },
    })) as {
      items: Array<{ label: string; documentation?: unknown; data?: unknown }>;
    };
    const healthcheck = keys.items.find((i) => i.label === 'healthcheck')!;
    assert.equal(healthcheck.documentation, undefined, 'documentation is sent on resolve, not with the list');
    const resolved = (await server.connection.sendRequest('completionItem/resolve', healthcheck)) as {
      documentation?: { kind: string; value: string };
    };
    assert.equal(resolved.documentation?.kind, 'markdown');
    assert.match(resolved.documentation?.value ?? '', /health/i);
    const restart = (await server.connection.sendRequest('textDocument/completion', {
      textDocument: { uri },
      position: { line: 5, character: 13 },
    })) as Items;
    assert.deepEqual(restart.items.map((i) => i.label).sort(), ['always', 'no', 'on-failure', 'unless-stopped']);
    const hover = (await server.connection.sendRequest('textDocument/hover', {
      textDocument: { uri },
      position: { line: 5, character: 6 },
    })) as {
      contents: { kind: string; value: string };
      range: { start: { line: number; character: number }; end: { character: number } };
    };
    assert.equal(hover.contents.kind, 'markdown');
    assert.match(hover.contents.value, /unless-stopped/);
    assert.deepEqual([hover.range.start.line, hover.range.start.character, hover.range.end.character], [5, 4, 11]);
  });

  test('in a task definition, completion offers Fargate memory for the chosen cpu and container names in dependsOn', async () => {
    const uri = 'file:///work/complete/web-taskdef.json';
    const lines = [
      '{',
      '  "family": "web",',
      '  "cpu": "1024",',
      '  "memory": "",',
      '  "containerDefinitions": [',
      '    { "name": "app", "image": "nginx", "dependsOn": [{ "containerName": "", "condition": "START" }] },',
      '    { "name": "log-router", "image": "fluent-bit" }',
      '  ]',
      '}',
    ];
    await server.open(uri, lines.join('\n'), 'json');
    await server.diagnosticsFor(uri, 1);
    type Items = { items: Array<{ label: string }> };
    const memory = (await server.connection.sendRequest('textDocument/completion', {
      textDocument: { uri },
      position: { line: 3, character: 13 },
    })) as Items;
    assert.deepEqual(memory.items.map((i) => i.label).slice(0, 7), ['2048', '3072', '4096', '5120', '6144', '7168', '8192']);
    const character = lines[5]!.indexOf('"containerName": "') + '"containerName": "'.length;
    const names = (await server.connection.sendRequest('textDocument/completion', {
      textDocument: { uri },
      position: { line: 5, character },
    })) as Items;
    assert.ok(
      names.items.some((i) => i.label === 'log-router'),
      JSON.stringify(names.items.map((i) => i.label)),
    );
    const hover = (await server.connection.sendRequest('textDocument/hover', {
      textDocument: { uri },
      position: { line: 1, character: 4 },
    })) as { contents: { value: string } };
    assert.match(hover.contents.value, /family/i);
  });

  test('closing a document clears its diagnostics', async () => {
    const uri = 'file:///work/close/compose.yaml';
    await server.open(uri, 'services:\n  web: {}\n');
    assert.equal((await server.diagnosticsFor(uri, 1)).length, 1);
    const before = server.publicationsFor(uri).length;
    await server.close(uri);
    const cleared = await server.diagnostics(uri, (p) => p.diagnostics.length === 0 && server.publicationsFor(uri).indexOf(p) >= before);
    assert.deepEqual(cleared, []);
  });

  test('the outline lists sections, services and resources', async () => {
    const uri = 'file:///work/outline/compose.yaml';
    await server.open(uri, 'services:\n  web:\n    image: nginx\n  db:\n    build: .\nvolumes:\n  data:\n');
    await server.diagnosticsFor(uri, 1);
    const symbols = (await server.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as Array<{
      name: string;
      detail?: string;
      selectionRange: { start: { line: number } };
      children: Array<{ name: string; detail?: string; selectionRange: { start: { line: number; character: number } } }>;
    }>;
    assert.deepEqual(
      symbols.map((s) => [s.name, s.children.map((c) => [c.name, c.detail, c.selectionRange.start.line])]),
      [
        [
          'services',
          [
            ['web', 'nginx', 1],
            ['db', 'build', 3],
          ],
        ],
        ['volumes', [['data', undefined, 6]]],
      ],
    );
  });

  test('YAML files count as Compose only when their name matches dockside.compose.files', async () => {
    const compose = 'file:///work/yaml/docker-compose.prod.yml';
    const other = 'file:///work/yaml/.github/workflows/ci.yml';
    await server.open(other, 'jobs:\n  build:\n    runs-on: ubuntu\n', 'yaml');
    await server.open(compose, 'services:\n  web:\n    image: x\n    imgae: x\n', 'yaml');
    assert.equal((await server.diagnosticsFor(compose, 1))[0]?.code, 'compose/schema');
    assert.equal(server.publicationsFor(other).length, 0);
    const symbols = await server.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: other } });
    assert.deepEqual(symbols, []);
  });

  test('ECS task definitions: recognised by name or by content; other JSON stays quiet', async () => {
    const taskdef = JSON.stringify(
      {
        family: 'web',
        requiresCompatibilities: ['FARGATE'],
        networkMode: 'awsvpc',
        cpu: '256',
        memory: '4096',
        containerDefinitions: [{ name: 'web', image: 'nginx', essentail: true }],
      },
      null,
      2,
    );
    const sniffed = 'file:///work/ecs/web.json';
    const named = 'file:///work/ecs/prod-task-definition.json';
    const other = 'file:///work/ecs/package.json';
    await server.open(other, '{"name": "x", "scripts": {}}', 'json');
    await server.open(sniffed, taskdef, 'json');
    await server.open(named, '{"family": "x"}', 'json');
    const diagnostics = await server.diagnosticsFor(sniffed, 1);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.range.start.line]),
      [
        ['ecs/fargate-task-size', 7],
        ['ecs/schema', 12],
      ],
    );
    assert.match(diagnostics[0]!.message, /512, 1024 or 2048/);
    assert.match(diagnostics[1]!.message, /Did you mean "essential"\?/);
    assert.ok((await server.diagnosticsFor(named, 1)).length > 0, 'a file named as a task definition is always checked');
    assert.equal(server.publicationsFor(other).length, 0);
    const symbols = (await server.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: sniffed } })) as Array<{
      name: string;
      children: Array<{ name: string }>;
    }>;
    assert.deepEqual(
      symbols.map((s) => [s.name, s.children.map((c) => c.name)]),
      [['web', ['web']]],
    );
  });

  test('hostile documents get prompt diagnostics and the server keeps serving others', async () => {
    const bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++)
      bomb.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`,
      );
    const big = ['services:'];
    for (let i = 0, size = 0; size < 10_000_000; i++) {
      const service = `  s${i}:\n    image: registry.example.com/app:${i}\n    environment:\n      PADDING: ${'x'.repeat(200)}`;
      big.push(service);
      size += service.length + 1;
    }
    const hostile: Record<string, [string, string]> = {
      bomb: [bomb.join('\n'), 'yaml/resource-limit'],
      deep: [`services: ${'['.repeat(5000)}${']'.repeat(5000)}`, 'yaml/too-deep'],
      junk: ['\u0000\u0001\u0007\u00ff\u0000garbage', 'yaml/binary'],
      empty: ['', 'compose/empty-file'],
      taskdef: ['{"family": "web", "containerDefinitions": []}', 'compose/not-compose'],
      big: [big.join('\n'), ''],
    };
    for (const [name, [text]] of Object.entries(hostile)) await server.open(`file:///work/hostile/${name}/compose.yaml`, text);
    for (const [name, [, code]] of Object.entries(hostile)) {
      const diagnostics = await server.diagnosticsFor(`file:///work/hostile/${name}/compose.yaml`, 1);
      if (code)
        assert.deepEqual(
          diagnostics.map((d) => d.code),
          [code],
          name,
        );
      else assert.deepEqual(diagnostics, [], name);
    }
    const healthy = 'file:///work/hostile/after/compose.yaml';
    await server.open(healthy, 'services:\n  web:\n    image: x\n    imgae: x\n');
    assert.equal((await server.diagnosticsFor(healthy, 1))[0]?.code, 'compose/schema');
    assert.equal(server.process.exitCode, null);
  });
});

describe('settings pulled from the client', () => {
  test('each feature can be turned off, for editors that already have another Compose extension', async () => {
    const server = await LspServer.start({ settings: { diagnostics: { enable: false }, outline: { enable: false } } });
    try {
      const uri = 'file:///work/off/compose.yaml';
      await server.open(uri, 'services:\n  web:\n    image: x\n    imgae: x\n');
      assert.deepEqual(await server.diagnosticsFor(uri, 1), []);
      assert.deepEqual(await server.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } }), []);
    } finally {
      await server.stop();
    }
  });

  test('dockside.compose.files from workspace/configuration decides which YAML files are checked', async () => {
    const server = await LspServer.start({ pullConfiguration: true, settings: { compose: { files: ['*.stack.yaml'] } } });
    try {
      const uri = 'file:///work/custom/app.stack.yaml';
      // Opened before or after the server has pulled its settings, the file is checked once they arrive.
      await server.open(uri, 'services:\n  web:\n    image: x\n    imgae: x\n', 'yaml');
      assert.equal((await server.diagnosticsFor(uri, 1))[0]?.code, 'compose/schema');
    } finally {
      await server.stop();
    }
  });
});

describe('a Compose project of several files', () => {
  test('an override file is checked against its base; hover on ${VAR} tells where the value comes from; the effective configuration merges both', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'dockside-project-'));
    try {
      writeFileSync(
        join(folder, 'compose.yaml'),
        'services:\n  web:\n    image: nginx:${TAG:-1.25}\n    ports: ["8080:80"]\n    networks: [front]\nnetworks:\n  front:\n',
      );
      writeFileSync(join(folder, '.env'), 'TAG=1.27\n');
      const overridePath = join(folder, 'compose.override.yaml');
      const override =
        'services:\n  web:\n    environment:\n      MODE: ${MODE}\n  api:\n    image: example/api\n    networks: [front]\n    ports: ["8080:3000"]\n';
      writeFileSync(overridePath, override);
      const server = await LspServer.start();
      try {
        const uri = pathToFileURL(overridePath).href;
        await server.open(uri, override);
        const diagnostics = await server.diagnosticsFor(uri, 1);
        assert.deepEqual(
          diagnostics.map((d) => [d.code, d.range.start.line]),
          [
            ['compose/unset-variable', 3],
            ['compose/duplicate-host-port', 7],
          ],
        );
        const base = pathToFileURL(join(folder, 'compose.yaml')).href;
        await server.open(base, readFileSync(join(folder, 'compose.yaml'), 'utf8'));
        const hover = (await server.connection.sendRequest('textDocument/hover', {
          textDocument: { uri: base },
          position: { line: 2, character: 20 },
        })) as { contents: { value: string } };
        assert.match(hover.contents.value, /`1\.27` from `\.env`, line 1/);
        const effective = (await server.connection.sendRequest('dockside/effectiveConfiguration', { uri })) as {
          yaml: string;
          files: string[];
        };
        assert.deepEqual(effective.files, [join(folder, 'compose.yaml'), overridePath]);
        assert.match(effective.yaml, /image: nginx:1\.27/);
        assert.match(effective.yaml, /api:\n {4}image: example\/api/);
      } finally {
        await server.stop();
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('navigation over the protocol', () => {
  test('definition, references, highlights and rename of a service across the base and override files', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'dockside-nav-'));
    try {
      const baseText = 'services:\n  db:\n    image: postgres\n  web:\n    image: nginx\n    depends_on: [db]\n';
      const overrideText =
        'services:\n  worker:\n    image: example/worker\n    depends_on:\n      db:\n        condition: service_started\n';
      writeFileSync(join(folder, 'compose.yaml'), baseText);
      writeFileSync(join(folder, 'compose.override.yaml'), overrideText);
      const base = pathToFileURL(join(folder, 'compose.yaml')).href;
      const override = pathToFileURL(join(folder, 'compose.override.yaml')).href;
      const server = await LspServer.start();
      try {
        await server.open(override, overrideText);
        await server.diagnosticsFor(override, 1);
        type Loc = { uri: string; range: { start: { line: number; character: number } } };
        const definition = (await server.connection.sendRequest('textDocument/definition', {
          textDocument: { uri: override },
          position: { line: 4, character: 7 },
        })) as Loc[];
        assert.deepEqual(
          definition.map((l) => [l.uri, l.range.start.line, l.range.start.character]),
          [[base, 1, 2]],
        );
        const references = (await server.connection.sendRequest('textDocument/references', {
          textDocument: { uri: override },
          position: { line: 4, character: 7 },
          context: { includeDeclaration: true },
        })) as Loc[];
        assert.deepEqual(references.map((l) => [l.uri === base ? 'base' : 'override', l.range.start.line]).sort(), [
          ['base', 1],
          ['base', 5],
          ['override', 4],
        ]);
        const highlights = (await server.connection.sendRequest('textDocument/documentHighlight', {
          textDocument: { uri: override },
          position: { line: 4, character: 7 },
        })) as unknown[];
        assert.equal(highlights.length, 1);
        const rename = (await server.connection.sendRequest('textDocument/rename', {
          textDocument: { uri: override },
          position: { line: 4, character: 7 },
          newName: 'postgres',
        })) as {
          changes: Record<string, TextEdit[]>;
        };
        const renamedBase = TextDocument.applyEdits(TextDocument.create(base, 'dockercompose', 1, baseText), rename.changes[base]!);
        const renamedOverride = TextDocument.applyEdits(
          TextDocument.create(override, 'dockercompose', 1, overrideText),
          rename.changes[override]!,
        );
        assert.equal(renamedBase, 'services:\n  postgres:\n    image: postgres\n  web:\n    image: nginx\n    depends_on: [postgres]\n');
        assert.match(renamedOverride, /depends_on:\n {6}postgres:\n/);
        await assert.rejects(
          server.connection.sendRequest('textDocument/rename', {
            textDocument: { uri: override },
            position: { line: 4, character: 7 },
            newName: 'worker',
          }),
          /already/,
        );
      } finally {
        await server.stop();
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  test('in a task definition, a container name goes to its definition and renames everywhere', async () => {
    const server = await LspServer.start();
    try {
      const uri = 'file:///work/nav/app-task-definition.json';
      const text =
        '{\n  "family": "app",\n  "containerDefinitions": [\n    { "name": "db", "image": "postgres" },\n    { "name": "app", "image": "nginx", "dependsOn": [{ "containerName": "db", "condition": "START" }] }\n  ]\n}\n';
      await server.open(uri, text, 'json');
      await server.diagnosticsFor(uri, 1);
      const at = { line: 4, character: text.split('\n')[4]!.indexOf('"db"') + 2 };
      const definition = (await server.connection.sendRequest('textDocument/definition', {
        textDocument: { uri },
        position: at,
      })) as Array<{ range: { start: { line: number } } }>;
      assert.deepEqual(
        definition.map((d) => d.range.start.line),
        [3],
      );
      const rename = (await server.connection.sendRequest('textDocument/rename', {
        textDocument: { uri },
        position: at,
        newName: 'database',
      })) as { changes: Record<string, TextEdit[]> };
      const renamed = TextDocument.applyEdits(TextDocument.create(uri, 'json', 1, text), rename.changes[uri]!);
      assert.equal((renamed.match(/"database"/g) ?? []).length, 2);
    } finally {
      await server.stop();
    }
  });
});

describe('every quick fix over the protocol', () => {
  const cases: Array<{ name: string; uri: string; languageId: string; text: string; code: string; title: RegExp }> = [
    {
      name: 'rename a mistyped key',
      uri: 'file:///work/qf/a/compose.yaml',
      languageId: 'dockercompose',
      text: 'services:\n  web:\n    imgae: nginx\n',
      code: 'compose/schema',
      title: /Change to "image"/,
    },
    {
      name: 'declare a missing network',
      uri: 'file:///work/qf/b/compose.yaml',
      languageId: 'dockercompose',
      text: 'services:\n  web:\n    image: nginx\n    networks: [front]\n',
      code: 'compose/undefined-network',
      title: /Declare network "front"/,
    },
    {
      name: 'add a healthcheck skeleton',
      uri: 'file:///work/qf/c/compose.yaml',
      languageId: 'dockercompose',
      text: 'services:\n  db:\n    image: postgres\n  web:\n    image: nginx\n    depends_on:\n      db:\n        condition: service_healthy\n',
      code: 'compose/healthcheck-missing',
      title: /Add a healthcheck/,
    },
    {
      name: 'quote a base-60 port',
      uri: 'file:///work/qf/d/compose.yaml',
      languageId: 'dockercompose',
      text: 'services:\n  ssh:\n    image: x\n    ports:\n      - 22:22\n',
      code: 'compose/port-base60',
      title: /Quote/,
    },
    {
      name: 'remove read-only fields from a task definition',
      uri: 'file:///work/qf/e/web-task-definition.json',
      languageId: 'json',
      text: '{\n  "family": "web",\n  "revision": 3,\n  "status": "ACTIVE",\n  "containerDefinitions": [{ "name": "web", "image": "nginx", "memory": 128 }]\n}\n',
      code: 'ecs/read-only-field',
      title: /Remove all read-only fields/,
    },
    {
      name: 'move a plaintext secret to secrets',
      uri: 'file:///work/qf/f/web-task-definition.json',
      languageId: 'json',
      text: '{\n  "family": "web",\n  "containerDefinitions": [\n    { "name": "web", "image": "nginx", "memory": 128, "environment": [{ "name": "DB_PASSWORD", "value": "hunter2" }] }\n  ]\n}\n',
      code: 'ecs/plaintext-secret',
      title: /Move DB_PASSWORD to secrets/,
    },
  ];
  let server: LspServer;
  before(async () => {
    server = await LspServer.start();
  });
  after(async () => {
    await server.stop();
  });
  for (const c of cases) {
    test(`${c.name}: applied through the editor's edit, the problem is gone`, async () => {
      await server.open(c.uri, c.text, c.languageId);
      const diagnostics = (await server.diagnosticsFor(c.uri, 1)).filter((d) => d.code === c.code);
      assert.ok(diagnostics.length > 0, `no ${c.code}`);
      const actions = (await server.connection.sendRequest('textDocument/codeAction', {
        textDocument: { uri: c.uri },
        range: diagnostics[0]!.range,
        context: { diagnostics: [diagnostics[0]] },
      })) as Array<{ title: string; edit: { documentChanges: Array<{ edits: TextEdit[] }> } }>;
      const action = actions.find((a) => c.title.test(a.title));
      assert.ok(action, `no action ${c.title} among ${actions.map((a) => a.title).join(', ')}`);
      const fixed = TextDocument.applyEdits(TextDocument.create(c.uri, c.languageId, 1, c.text), action.edit.documentChanges[0]!.edits);
      const version = await server.change(c.uri, fixed);
      const after = await server.diagnosticsFor(c.uri, version);
      assert.deepEqual(
        after.filter((d) => d.code === c.code || d.severity === 1).map((d) => d.message),
        [],
      );
    });
  }
});

describe('an untrusted workspace', () => {
  test('.env and env files are not read: no values from them, no warnings about them, and conversion says why', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'dockside-lsp-untrusted-'));
    try {
      const compose = 'name: demo\nservices:\n  web:\n    image: nginx:${TAG}\n    env_file: app.env\n';
      writeFileSync(join(folder, 'compose.yaml'), compose);
      writeFileSync(join(folder, '.env'), 'TAG=1.27\n');
      writeFileSync(join(folder, 'app.env'), 'DB_PASSWORD=hunter2\n');
      const uri = pathToFileURL(join(folder, 'compose.yaml')).href;
      const convert = (server: LspServer) =>
        server.connection.sendRequest('workspace/executeCommand', {
          command: 'dockside.server.convert',
          arguments: [{ uri, to: 'ecs' }],
        }) as Promise<{
          files: Array<{ text: string }>;
          losses: Array<{ kind: string; reason: string }>;
        }>;
      const hoverOnTag = (server: LspServer) =>
        server.connection.sendRequest<{ contents: { value: string } } | null>('textDocument/hover', {
          textDocument: { uri },
          position: { line: 3, character: 19 },
        });

      const untrusted = await LspServer.start({ workspaceTrusted: false });
      try {
        await untrusted.open(uri, compose);
        assert.deepEqual(
          (await untrusted.diagnosticsFor(uri, 1)).map((d) => d.message),
          [],
        );
        assert.doesNotMatch((await hoverOnTag(untrusted))?.contents.value ?? '', /1\.27/);
        const result = await convert(untrusted);
        assert.doesNotMatch(result.files[0]!.text, /hunter2|1\.27/);
        assert.ok(
          result.losses.some((l) => /env files are read only in a trusted workspace/.test(l.reason)),
          JSON.stringify(result.losses),
        );
      } finally {
        await untrusted.stop();
      }

      // The same project, trusted: the values are there (so the check above can fail).
      const trusted = await LspServer.start({ workspaceTrusted: true });
      try {
        await trusted.open(uri, compose);
        assert.match((await hoverOnTag(trusted))?.contents.value ?? '', /1\.27/);
        assert.match((await convert(trusted)).files[0]!.text, /hunter2/);
        // The value reached the conversion the user asked for, and nothing else: not the server's log.
        assert.doesNotMatch(trusted.stderr + trusted.logMessages.join('\n'), /hunter2|1\.27/);
      } finally {
        await trusted.stop();
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('conversion through workspace/executeCommand', () => {
  test('dockside.server.convert converts a Compose file with its project and locates each loss', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'dockside-lsp-convert-'));
    try {
      const compose =
        'name: demo\nservices:\n  web:\n    image: nginx\n    ports: ["127.0.0.1:8080:80"]\n    volumes: ["./site:/usr/share/nginx/html:ro"]\n';
      writeFileSync(join(folder, 'compose.yaml'), compose);
      const server = await LspServer.start();
      try {
        const uri = pathToFileURL(join(folder, 'compose.yaml')).href;
        await server.open(uri, compose);
        const result = (await server.connection.sendRequest('workspace/executeCommand', {
          command: 'dockside.server.convert',
          arguments: [{ uri, to: 'ecs', launchType: 'FARGATE' }],
        })) as {
          files: Array<{ name: string; text: string; language: string }>;
          losses: Array<{ kind: string; path: string; line?: number }>;
        };
        assert.deepEqual(
          result.files.map((f) => [f.name, f.language]),
          [['demo.task-definition.json', 'json']],
        );
        const dropped = result.losses.find((l) => l.kind === 'dropped' && l.path === 'services.web.volumes[0]');
        assert.equal(dropped?.line, 6);
        const taskdefUri = 'file:///work/converted/demo.task-definition.json';
        await server.open(taskdefUri, result.files[0]!.text, 'json');
        assert.deepEqual(
          (await server.diagnosticsFor(taskdefUri, 1)).filter((d) => d.severity === 1),
          [],
        );
      } finally {
        await server.stop();
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('an edit to one file of a project re-checks the open files beside it', () => {
  test('removing a network from the base file flags its use in the open override file', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'dockside-sibling-'));
    try {
      const base = 'services:\n  web:\n    image: nginx\nnetworks:\n  front:\n';
      const override = 'services:\n  web:\n    networks: [front]\n';
      writeFileSync(join(folder, 'compose.yaml'), base);
      writeFileSync(join(folder, 'compose.override.yaml'), override);
      const server = await LspServer.start();
      try {
        const baseUri = pathToFileURL(join(folder, 'compose.yaml')).href;
        const overrideUri = pathToFileURL(join(folder, 'compose.override.yaml')).href;
        await server.open(overrideUri, override);
        assert.deepEqual(await server.diagnosticsFor(overrideUri, 1), []);
        await server.open(baseUri, base);
        await server.diagnosticsFor(baseUri, 1);
        const before = server.publicationsFor(overrideUri).length;
        await server.change(baseUri, 'services:\n  web:\n    image: nginx\n');
        const after = await server.diagnostics(
          overrideUri,
          (p) => server.publicationsFor(overrideUri).indexOf(p) >= before && p.diagnostics.length > 0,
        );
        assert.deepEqual(
          after.map((d) => d.code),
          ['compose/undefined-network'],
        );
      } finally {
        await server.stop();
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('the editor and the CLI give one answer', () => {
  test('for a project with an include and an override file, every file has the same findings in the editor as from dockside validate', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'dockside-one-answer-'));
    const files: Record<string, string> = {
      'compose.yaml':
        'include:\n  - db/compose.yaml\nservices:\n  web:\n    image: nginx:${DOCKSIDE_TEST_UNSET_TAG}\n    ports: ["8080:80"]\n    depends_on: [db]\n',
      'compose.override.yaml':
        'services:\n  api:\n    image: ${API_IMAGE:?set API_IMAGE}\n    ports: ["8080:80"]\n    depends_on: [ghost, db]\n',
      'db/compose.yaml': 'services:\n  db:\n    image: postgres\n    restart: sometimes\n',
      '.env': 'UNUSED=1\n',
    };
    try {
      mkdirSync(join(folder, 'db'));
      for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
      const cli = spawnSync(process.execPath, [join(__dirname, '..', '..', 'dist', 'cli.js'), 'validate', '--format', 'json'], {
        cwd: folder,
        encoding: 'utf8',
      });
      assert.equal(cli.status, 1, cli.stderr);
      const reported = JSON.parse(cli.stdout) as Array<{ file: string; range: Range; code: string; message: string }>;
      const fromCli = (name: string) => reported.filter((r) => r.file === name).map((r) => [r.range.start, r.range.end, r.code, r.message]);
      assert.deepEqual(
        reported.map((r) => `${r.file} ${r.code}`),
        [
          'compose.yaml compose/unset-variable',
          'compose.override.yaml compose/required-variable',
          'compose.override.yaml compose/duplicate-host-port',
          'compose.override.yaml compose/undefined-service',
          'db/compose.yaml compose/schema',
        ],
      );
      const server = await LspServer.start();
      try {
        for (const name of ['compose.yaml', 'compose.override.yaml', 'db/compose.yaml']) {
          const uri = pathToFileURL(join(folder, name)).href;
          await server.open(uri, files[name]!);
          const diagnostics = await server.diagnosticsFor(uri, 1);
          assert.deepEqual(
            diagnostics.map((d) => [d.range.start, d.range.end, d.code, d.message]),
            fromCli(name),
            name,
          );
        }
      } finally {
        await server.stop();
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
