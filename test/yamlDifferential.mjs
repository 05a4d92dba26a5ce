#!/usr/bin/env node
// `npm run test:yaml`: the differential suite of the readers that mirror yaml (the fast reader builds
// yaml's very tree; the scalar rules are yaml's), run against the installed yaml. When every comparison
// passes it records that version in core/src/parse/fast/verifiedYaml.json, which
// test/unit/parse/yamlVersion.test.ts holds the installed yaml to: commit the file with a yaml upgrade.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const SUITE = ['test/unit/parse/fastParse.test.ts', 'test/unit/parse/scalarText.test.ts'];
const RECORD = 'core/src/parse/fast/verifiedYaml.json';

const { version } = JSON.parse(readFileSync(`${root}node_modules/yaml/package.json`, 'utf8'));
console.log(`Comparing the fast reader and the scalar rules with yaml ${version}…`);
const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...SUITE], { cwd: root, stdio: 'inherit' });
if (run.status !== 0) {
  console.error(`\nThe differential suite fails against yaml ${version}: ${RECORD} keeps the version it last passed with.`);
  process.exit(run.status ?? 1);
}
const record = {
  yaml: version,
  note: 'The yaml version the differential suite (npm run test:yaml) last passed against; it writes this file.',
};
writeFileSync(`${root}${RECORD}`, `${JSON.stringify(record, null, 2)}\n`);
console.log(`\nyaml ${version} verified and recorded in ${RECORD}.`);
