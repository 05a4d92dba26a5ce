import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadProject, type Project } from '../../../core/src/index';
import { diskHost, loadProjectFromDisk } from '../../../core/node/host';
import { projectRoot } from '../../helpers/paths';

/** What a view shows of a project: all of it but the source map's internals. */
function shown(project: Project): unknown {
  return { name: project.name, files: project.files, model: project.model, findings: project.findings, services: project.services };
}

const env = { HOME: '/home/me', DB_PASSWORD: 'from-the-shell' };

test('read asynchronously, the shop example loads exactly as with synchronous reads, .env and extends included', async () => {
  const folder = join(projectRoot, 'test', 'fixtures', 'project', 'shop');
  const files = [join(folder, 'compose.yaml'), join(folder, 'compose.override.yaml')];
  for (const readsEnvFiles of [true, false]) {
    const expected = loadProject({ files, env, host: diskHost(undefined, { readsEnvFiles }) });
    const actual = await loadProjectFromDisk({ files, env }, { readsEnvFiles });
    assert.deepEqual(shown(actual), shown(expected), `readsEnvFiles: ${readsEnvFiles}`);
  }
});

test('files found only while loading (an include of an include, an env_file, a missing file) are read in later rounds', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'dockside-async-load-'));
  try {
    mkdirSync(join(folder, 'parts', 'deeper'), { recursive: true });
    writeFileSync(
      join(folder, 'compose.yaml'),
      'include:\n  - parts/first.yaml\nservices:\n  web:\n    image: nginx:${TAG}\n    env_file: [web.env]\n',
    );
    writeFileSync(join(folder, '.env'), 'TAG=1.27\n');
    writeFileSync(join(folder, 'web.env'), 'MODE=production\n');
    writeFileSync(join(folder, 'parts', 'first.yaml'), 'include:\n  - deeper/second.yaml\nservices:\n  api:\n    image: api\n');
    writeFileSync(join(folder, 'parts', 'deeper', 'second.yaml'), 'include:\n  - ../missing.yaml\nservices:\n  db:\n    image: postgres\n');
    const files = [join(folder, 'compose.yaml')];
    const expected = loadProject({ files, env, host: diskHost() });
    const actual = await loadProjectFromDisk({ files, env });
    assert.deepEqual(shown(actual), shown(expected));
    assert.deepEqual(Object.keys(actual.model['services'] as object).sort(), ['api', 'db', 'web']);
    assert.ok(
      actual.findings.some((f) => /missing\.yaml/.test(f.message)),
      'the missing include is reported, as with synchronous reads',
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
