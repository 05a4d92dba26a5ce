import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hoverAt } from '../../../core/src/hover/hoverAt';
import { parseText } from '../../../core/src/parse/parseText';
import { atCursor } from '../complete/cursorFixture';

interface Case {
  name: string;
  language?: 'compose' | 'taskdef';
  /** The document with the hovered position marked `|` (or `marker`). */
  text: string;
  marker?: string;
  /** The text the hover is about; undefined when no hover is expected. */
  span?: string;
  /** Patterns the markdown must match, in order of appearance. */
  says?: Array<string | RegExp>;
  /** Patterns it must not match. */
  not?: Array<string | RegExp>;
}

const compose = `
  services:
    web:
      image: nginx:1.27
      restart: always
      depends_on:
        - db
      networks:
        - front
      volumes:
        - data:/var/lib/data
        - ./conf:/etc/conf
    db:
      image: postgres:16
  networks:
    front:
      driver: overlay
  volumes:
    data:
      driver: local
`;

/** The Compose file above with the hover marked on the n-th occurrence of `word`, at `at` characters in. */
function on(word: string, at = 1, nth = 1): string {
  let index = -1;
  for (let i = 0; i < nth; i++) index = compose.indexOf(word, index + 1);
  return compose.slice(0, index + at) + '|' + compose.slice(index + at);
}

const cases: Case[] = [
  {
    name: 'a key: its description, allowed values and default',
    text: on('restart', 2),
    span: 'restart',
    says: [/What happens when a container exits/, 'Allowed values: `no`, `always`, `on-failure`, `unless-stopped`', 'Default: `no`'],
  },
  {
    name: 'a key with neither enum nor default: the description alone',
    text: on('image', 0),
    span: 'image',
    says: [/image/i],
    not: ['Allowed values', 'Default'],
  },
  {
    name: 'an enum value: what the value means, then the key',
    text: on('always', 3),
    span: 'always',
    says: ['`always`: Restart the container whenever it stops', /What happens when a container exits/],
  },
  {
    name: 'a service named in depends_on: the service and its image',
    text: on('- db', 3),
    span: 'db',
    says: ['**Service** `db`', 'image: `postgres:16`'],
  },
  {
    name: 'a network a service joins',
    text: on('- front', 4),
    span: 'front',
    says: ['**Network** `front`', 'driver: `overlay`'],
  },
  {
    name: 'a volume in short syntax: only the name part',
    text: on('data:/var', 1),
    span: 'data',
    says: ['**Volume** `data`', 'driver: `local`'],
  },
  {
    name: 'the target path of a short volume is not a reference',
    text: on('/var/lib/data', 3),
    span: 'data:/var/lib/data',
    not: ['**Volume**'],
  },
  {
    name: 'a bind mount source is not a volume',
    text: on('./conf', 2),
    not: ['**Volume**'],
  },
  {
    name: 'a service key under services',
    text: on('db:', 1),
    span: 'db',
    says: ['**Service** `db`', 'image: `postgres:16`', /One service/],
  },
  {
    name: 'a service that is not defined',
    text: `
      services:
        web:
          depends_on:
            - ca|che
    `,
    span: 'cache',
    says: ['No service named `cache` is defined in this file.'],
  },
  {
    name: 'a service named as a depends_on key',
    text: `
      services:
        web:
          depends_on:
            d|b:
              condition: service_healthy
        db:
          image: postgres
    `,
    span: 'db',
    says: ['**Service** `db`', 'image: `postgres`'],
  },
  {
    name: 'a depends_on condition',
    text: `
      services:
        web:
          depends_on:
            db:
              condition: service_he|althy
    `,
    span: 'service_healthy',
    says: ['`service_healthy`: The dependency reports healthy'],
  },
  {
    name: 'a deprecated key says so',
    text: 'vers|ion: "3.8"\nservices: {}\n',
    span: 'version',
    says: ['**Deprecated.**', /Obsolete/],
  },
  {
    name: 'ECS: a key in JSON',
    language: 'taskdef',
    text: '{"family": "web", "networ|kMode": "awsvpc"}',
    span: '"networkMode"',
    says: [/Networking for all containers/, 'Allowed values: `bridge`, `host`, `awsvpc`, `none`'],
  },
  {
    name: 'ECS: an enum value in JSON',
    language: 'taskdef',
    text: '{"family": "web", "networkMode": "awsv|pc"}',
    span: '"awsvpc"',
    says: ['`awsvpc`: Own elastic network interface per task'],
  },
  {
    name: 'ECS: a container named in dependsOn',
    language: 'taskdef',
    text: '{"containerDefinitions": [{"name": "web", "image": "nginx", "dependsOn": [{"containerName": "d|b", "condition": "HEALTHY"}]}, {"name": "db", "image": "postgres:16"}]}',
    span: '"db"',
    says: ['**Container** `db`', 'image: `postgres:16`'],
  },
  {
    name: 'ECS: a volume named in mountPoints',
    language: 'taskdef',
    text: '{"containerDefinitions": [{"name": "web", "mountPoints": [{"sourceVolume": "da|ta"}]}], "volumes": [{"name": "data", "efsVolumeConfiguration": {"fileSystemId": "fs-1"}}]}',
    says: ['**Volume** `data`', 'EFS'],
  },
  {
    name: 'ECS: the task cpu, with the memory Fargate allows for it',
    language: 'taskdef',
    text: '{"cpu": "10|24", "memory": "2048"}',
    span: '"1024"',
    says: ['`1024` = 1 vCPU. On Fargate, `memory` may then be `2048`, `3072`', /Task-level CPU/],
  },
  {
    name: 'ECS: the task memory, with the cpu Fargate allows for it',
    language: 'taskdef',
    text: '{"cpu": "1024", "memory": "40|96"}',
    says: ['`4096` = 4 GB. On Fargate, `cpu` may then be `512`, `1024`, `2048`.'],
  },
  {
    name: 'ECS: a default shown for a boolean key',
    language: 'taskdef',
    text: '{"containerDefinitions": [{"name": "web", "esse|ntial": true}]}',
    says: ['Default: `true`'],
  },

  // ---- nothing -------------------------------------------------------------------------------
  { name: 'nothing in a comment', text: 'services:\n  web:\n    image: nginx  # pin|ned\n' },
  { name: 'nothing on a whole-line comment', text: '# my fi|le\nservices: {}\n' },
  { name: 'nothing on the colon', text: 'services:\n  web:\n    image|: nginx\n' },
  { name: 'nothing on a dash', text: 'services:\n  web:\n    depends_on:\n      |- db\n' },
  { name: 'nothing on indentation', text: 'services:\n  web:\n  |  image: nginx\n' },
  { name: 'nothing on JSON punctuation', language: 'taskdef', text: '{"family": "web"|, "cpu": "256"}' },
  { name: 'nothing past the end of a line', text: 'services:\n  web:\n    image: nginx   |\n' },
];

for (const c of cases) {
  test(`hover: ${c.name}`, () => {
    const { text, offset } = atCursor(c.text, c.marker);
    const hover = hoverAt({ text, offset, language: c.language ?? 'compose' });
    const expectsNothing = c.span === undefined && c.says === undefined && c.not === undefined;
    if (expectsNothing) {
      assert.equal(hover, undefined);
      return;
    }
    if (!hover) {
      assert.ok(c.not && !c.says, 'a hover is expected');
      return;
    }
    if (c.span !== undefined) assert.equal(text.slice(...hover.span), c.span);
    assert.ok(hover.span[0] <= offset && offset < hover.span[1], 'the hover covers the hovered character');
    let from = 0;
    for (const expected of c.says ?? []) {
      const rest = hover.markdown.slice(from);
      const at = typeof expected === 'string' ? rest.indexOf(expected) : rest.search(expected);
      assert.ok(at >= 0, `the hover says ${String(expected)}:\n${hover.markdown}`);
      from += at;
    }
    for (const unexpected of c.not ?? []) {
      assert.ok(
        typeof unexpected === 'string' ? !hover.markdown.includes(unexpected) : !unexpected.test(hover.markdown),
        `the hover does not say ${String(unexpected)}`,
      );
    }
  });
}

test('hover: a clean parse of the same text is used for names (anchors, merges)', () => {
  const { text, offset } = atCursor(`
    x-db: &db
      image: postgres:16
    services:
      db: *db
      web:
        depends_on: [d|b]
  `);
  const hover = hoverAt({ text, offset, language: 'compose', parsed: parseText(text) });
  assert.match(hover?.markdown ?? '', /image: `postgres:16`/);
});
