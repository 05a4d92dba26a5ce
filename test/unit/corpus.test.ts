import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { validateCompose } from '../../core/src';
import { corpus, corpusFiles } from '../helpers/paths';

const composeFolder = join(corpus, 'compose');
const invalidFolder = join(composeFolder, 'invalid');

/**
 * Schema-valid corpus files that Compose itself would still reject. Each is listed with the errors
 * Dockside must find in it and why they are real (checked by reading the file).
 */
const KNOWN_SEMANTIC_ERRORS: Record<string, string[]> = {
  // A loader fixture, loaded upstream without the consistency check: depends_on/links name "db" and
  // "redis", which the file never defines; "datavolume" and "other-other-network" are not declared;
  // container_name is set on a service with 6 replicas; network_mode is set beside networks; its
  // env_file and label_file files were not copied into the corpus.
  'compose-go__full-example.yaml': [
    'compose/container-name-replicas',
    'compose/env-file-missing',
    'compose/label-file-missing',
    'compose/network-mode-networks',
    'compose/undefined-network',
    'compose/undefined-service',
    'compose/undefined-volume',
  ],
  // A schema fixture: the service joins networks "some-network" and "other-network", never declared.
  'compose-go__using-variables.yaml': ['compose/undefined-network'],
};

/** What each invalid file must be flagged for (at least one finding of each listed code). */
const EXPECTED_INVALID: Record<string, string> = {
  'compose-go__compose-depends-on-cycle.yaml': 'compose/dependency-cycle',
  'container-transform__docker-compose.yaml': 'compose/schema',
  'docker-compose-e2e__wrong-composefile.yaml': 'compose/schema',
  'docker-compose-v1__invalid-composefile.yaml': 'compose/schema',
  // Valid Compose, rejected by ECS tooling: Dockside warns that it leaves the project network.
  'compose-cli-ecs__invalid_network_mode.yaml': 'compose/legacy-bridge-network',
};

function check(folder: string, file: string) {
  const path = join(folder, file);
  return validateCompose(readFileSync(path, 'utf8'), { documentPath: path, host: { fileExists: existsSync } });
}

test('every schema-valid corpus file gets no syntax or schema error, and only its known semantic errors', (t) => {
  const files = corpusFiles('compose', /\.ya?ml$/);
  for (const file of files) {
    const findings = check(composeFolder, file);
    const errors = [...new Set(findings.filter((f) => f.severity === 'error').map((f) => f.code))].sort();
    assert.deepEqual(errors, KNOWN_SEMANTIC_ERRORS[file] ?? [], `${file}: ${findings.map((f) => f.message).join('\n')}`);
  }
  t.diagnostic(`${files.length} valid corpus files checked`);
});

test('every invalid corpus file is flagged for what makes it invalid', (t) => {
  const files = corpusFiles('compose/invalid', /\.ya?ml$/);
  for (const file of files) {
    const codes = check(invalidFolder, file)
      .filter((f) => f.severity === 'error' || f.severity === 'warning')
      .map((f) => f.code);
    assert.ok(codes.length > 0, `${file} got no finding`);
    const expected = EXPECTED_INVALID[file];
    assert.ok(expected, `${file} is new in the corpus: say in EXPECTED_INVALID what makes it invalid`);
    assert.ok(codes.includes(expected), `${file}: expected ${expected}, got ${codes.join(', ')}`);
  }
  t.diagnostic(`${files.length} invalid corpus files checked`);
});
