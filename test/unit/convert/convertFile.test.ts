/** Converting a file as a user asks for it: the project around a Compose file, a task definition's text, and the located report. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { convertFile, type ConvertFileRequest, type ConvertFileResult } from '../../../core/src/convert';
import { dedent } from '../../helpers/marked';
import { memoryHost, type Json } from './helpers';

/** Converts /p/<file> among these files (Compose text dedented); the shell environment is `env`. */
function convert(
  files: Record<string, string>,
  request: Partial<ConvertFileRequest> & { file?: string } = {},
): ConvertFileResult & { definitions: Json[] } {
  const texts = Object.fromEntries(Object.entries(files).map(([name, text]) => [`/p/${name}`, dedent(text)]));
  const result = convertFile({ path: `/p/${request.file ?? 'compose.yaml'}`, to: 'ecs', host: memoryHost(texts), env: {}, ...request });
  const definitions = result.files.filter((f) => f.language === 'json').map((f) => JSON.parse(f.text) as Json);
  return { ...result, definitions };
}

function environmentOf(definition: Json | undefined, container = 'app'): Record<string, string> {
  const containers = (definition?.['containerDefinitions'] ?? []) as Json[];
  const found = containers.find((c) => c['name'] === container);
  assert.ok(found, `no container ${container}`);
  return Object.fromEntries(((found['environment'] ?? []) as Array<{ name: string; value: string }>).map((e) => [e.name, e.value]));
}

test('env_file values are interpolated from the project environment (.env under the shell); single quotes stay literal', () => {
  const result = convert(
    {
      'compose.yaml': `
      services:
        app:
          image: busybox
          env_file: app.env
    `,
      '.env': 'REGION_NAME=eu-west-1\n',
      'app.env': `GREETING=hello-\${REGION_NAME}\nQUOTED="dq-\${REGION_NAME}"\nLITERAL='sq-\${REGION_NAME}'\nFROM_SHELL=\${STAGE}\n`,
    },
    { env: { STAGE: 'prod' } },
  );
  assert.deepEqual(environmentOf(result.definitions[0]), {
    GREETING: 'hello-eu-west-1',
    QUOTED: 'dq-eu-west-1',
    LITERAL: 'sq-${REGION_NAME}',
    FROM_SHELL: 'prod',
  });
  assert.deepEqual(
    result.losses.filter((l) => /not set/.test(l.reason)),
    [],
  );
});

test('an env_file variable that is not set anywhere is reported where the env_file is named', () => {
  const result = convert({
    'compose.yaml': `
      services:
        app:
          image: busybox
          env_file: app.env
    `,
    'app.env': 'GREETING=hello-${REGION_NAME}\n',
  });
  assert.deepEqual(environmentOf(result.definitions[0]), { GREETING: 'hello-' });
  const unset = result.losses.filter((l) => /REGION_NAME/.test(l.reason));
  assert.deepEqual(
    unset.map((l) => [l.kind, l.path, l.line]),
    [['approximated', 'services.app.env_file', 4]],
  );
});
