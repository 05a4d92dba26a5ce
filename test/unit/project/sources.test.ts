// The key-source map is built only when it is read; a problem on the merged model is placed by looking
// up a few keys without building it. Both must give what the whole map gives, on every fixture file.
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { diskHost } from '../../../core/node/host';
import { createContext } from '../../../core/src/compose/project/context';
import { environmentFrom } from '../../../core/src/compose/project/env';
import { loadModel } from '../../../core/src/compose/project/loadModel';
import { pointerOf, sourceOf } from '../../../core/src/compose/project/sources';
import type { Path } from '../../../core/src/types';
import { fixtures } from '../../helpers/paths';

function composeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return composeFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

const load = (file: string) =>
  loadModel(
    { files: [file], workingDir: dirname(file), environment: environmentFrom({}), includedFrom: [] },
    createContext(diskHost(), '/home/u'),
  );

test('sources: each key looked up alone gives what the whole map gives, on every fixture file', () => {
  const files = composeFiles(fixtures);
  assert.ok(files.length > 200, `${files.length} fixture files`);
  let looked = 0;
  for (const file of files) {
    const lazy = load(file).sources;
    const whole = load(file).sources.get();
    const paths: Path[] = [['services', 'web', 'depends_on', 0], ['nothing']];
    for (const pointer of whole.keys()) {
      const path = pointer
        .split('/')
        .slice(1)
        .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
      paths.push(path, [...path, 'nothing'], [...path, 0]);
    }
    for (const path of paths) {
      looked++;
      assert.deepEqual(lazy.entryAt(path), whole.get(pointerOf(path)), `${file} ${pointerOf(path)}`);
      assert.deepEqual(lazy.sourceOf(path), sourceOf(whole, path), `${file} ${pointerOf(path)}`);
    }
    assert.deepEqual([...lazy.get()], [...whole], file);
  }
  assert.ok(looked > 5_000, `${looked} keys looked up`);
});
