// Proves syntaxes/compose-interpolation.injection.tmLanguage.json with the real TextMate engine
// (vscode-textmate + vscode-oniguruma, as VS Code runs it): the YAML base grammar comes from
// tm-grammars (textmate/yaml.tmbundle, the grammar VS Code's built-in YAML extension shipped as
// `source.yaml`), our grammar is handed to the registry as an injection into `source.yaml`, and a
// Compose document is tokenized line by line with the rule stack carried from line to line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { INITIAL, Registry, parseRawGrammar, type IGrammar, type IRawGrammar } from 'vscode-textmate';
import { OnigScanner, OnigString, loadWASM } from 'vscode-oniguruma';

const root = new URL('../../..', import.meta.url);
const require = createRequire(import.meta.url);

const INJECTION_SCOPE = 'compose-interpolation.injection';
const INJECTION_PATH = fileURLToPath(new URL('syntaxes/compose-interpolation.injection.tmLanguage.json', root));
const YAML_PATH = require.resolve('tm-grammars/grammars/yaml.json');
const ONIG_WASM_PATH = require.resolve('vscode-oniguruma/release/onig.wasm');

const BEGIN = 'punctuation.definition.variable.begin.compose';
const END = 'punctuation.definition.variable.end.compose';
const VARIABLE = 'variable.other.compose';
const OPERATOR = 'keyword.operator.interpolation.compose';
const DEFAULT = 'string.unquoted.default.compose';
const MESSAGE = 'string.unquoted.message.compose';
const REPLACEMENT = 'string.unquoted.replacement.compose';
const ESCAPE = 'constant.character.escape.compose';
const META = 'meta.interpolation.compose';
const INVALID = 'invalid.illegal.interpolation.compose';

// One Compose file exercising every construct; each line is looked up by its (unique) start.
const DOCUMENT = `# comment: \${NOT_A_VAR} and $NOR_THIS and $$
services:
  web:
    image: \${IMAGE}
    command: echo $HOME/bin and $$HOME and $$$USER and $\${LITERAL}
    entrypoint: "\${ENTRY:-/bin/sh} -c" # trailing \${IN_COMMENT}
    user: '\${UID:?uid is required}:\${GID?gid}'
    working_dir: pre-\${DIR-/srv}-post  # comment $ALSO_IGNORED
    hostname: \${HOST:+set} \${HOST+set2}
    labels:
      nested: \${A:-\${B:-x}}
      deep: \${A:-$B and \${C:?msg $D}}
      escaped_in_default: \${A:-$$B}
      FOO_\${KEYPART}: literal-key
      cost: 5$ and \${1bad}
    environment:
      - PORT=\${PORT:-8080}
    deploy:
      resources:
        limits:
          memory: \${MEM_LIMIT:-512m}
    healthcheck:
      test: |
        curl -f http://localhost:\${PORT:-80}/health || exit 1
        # not a YAML comment here: $INSIDE_BLOCK
      description: >-
        folded \${FOLDED}
    ports: ["\${HOST_PORT}:80", \${OTHER_PORT}]
    extra: {key: \${FLOW_MAP}}
    broken: \${UNTERMINATED:-abc
    after_broken: \${AFTER}
`.split('\n');

interface Tok {
  text: string;
  scopes: string[];
}

let onigLoaded: Promise<void> | undefined;
function onig(): Promise<void> {
  onigLoaded ??= loadWASM(readFileSync(ONIG_WASM_PATH).buffer as ArrayBuffer);
  return onigLoaded;
}

async function loadYaml(withInjection: boolean): Promise<IGrammar> {
  await onig();
  const files: Record<string, string> = { 'source.yaml': YAML_PATH, [INJECTION_SCOPE]: INJECTION_PATH };
  const registry = new Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new OnigScanner(patterns),
      createOnigString: (s: string) => new OnigString(s),
    }),
    loadGrammar: async (scopeName: string): Promise<IRawGrammar | null> => {
      const path = files[scopeName];
      return path === undefined ? null : parseRawGrammar(readFileSync(path, 'utf8'), path);
    },
    // What VS Code does for a grammar contributed with `injectTo: ["source.yaml"]`.
    getInjections: (scopeName: string) => (withInjection && scopeName === 'source.yaml' ? [INJECTION_SCOPE] : undefined),
  });
  const grammar = await registry.loadGrammar('source.yaml');
  assert.ok(grammar, 'source.yaml grammar loads');
  return grammar;
}

function tokenize(grammar: IGrammar, lines: readonly string[]): Tok[][] {
  let state = INITIAL;
  return lines.map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

const grammarPromise = loadYaml(true);
let docTokens: Tok[][] | undefined;
async function doc(): Promise<Tok[][]> {
  docTokens ??= tokenize(await grammarPromise, DOCUMENT);
  return docTokens;
}

function dump(toks: readonly Tok[]): string {
  return toks.map((t) => `  ${JSON.stringify(t.text)} ${t.scopes.slice(1).join(' ')}`).join('\n');
}

/** The tokens of the line whose trimmed text starts with `start`. */
async function line(start: string): Promise<Tok[]> {
  const index = DOCUMENT.findIndex((l) => l.trimStart().startsWith(start));
  assert.notEqual(index, -1, `no line starts with ${JSON.stringify(start)}`);
  const toks = (await doc())[index];
  assert.ok(toks);
  return toks;
}

/** The `nth` token whose text is exactly `text`. */
function tok(toks: readonly Tok[], text: string, nth = 0): Tok {
  const found = toks.filter((t) => t.text === text)[nth];
  assert.ok(found, `no token #${nth} ${JSON.stringify(text)} in\n${dump(toks)}`);
  return found;
}

function has(t: Tok, ...scopes: string[]): void {
  for (const s of scopes) assert.ok(t.scopes.includes(s), `${JSON.stringify(t.text)} lacks ${s}: ${t.scopes.join(' ')}`);
}

function lacks(t: Tok, ...scopes: string[]): void {
  for (const s of scopes) assert.ok(!t.scopes.includes(s), `${JSON.stringify(t.text)} has ${s}: ${t.scopes.join(' ')}`);
}

function noCompose(toks: readonly Tok[], what: string): void {
  for (const t of toks) {
    const c = t.scopes.filter((s) => s.endsWith('.compose'));
    assert.deepEqual(c, [], `${what}: ${JSON.stringify(t.text)} got ${c.join(' ')}`);
  }
}

/** Asserts `${NAME}` (or `$NAME` when unbraced) is tokenized as begin, name[, end]. */
function assertVar(toks: readonly Tok[], name: string, braced = true, nth = 0): void {
  const nameTok = tok(toks, name, nth);
  has(nameTok, VARIABLE, META);
  const i = toks.indexOf(nameTok);
  const before = toks[i - 1];
  assert.ok(before);
  assert.equal(before.text, braced ? '${' : '$');
  has(before, BEGIN, META);
  if (braced) {
    const after = toks[i + 1];
    assert.ok(after);
    has(after, META);
    if (after.text === '}') has(after, END);
  }
}

test('wiring: the injection targets source.yaml, left priority, never comments or keys', () => {
  const raw = JSON.parse(readFileSync(INJECTION_PATH, 'utf8')) as { scopeName: string; injectionSelector: string };
  assert.equal(raw.scopeName, INJECTION_SCOPE);
  assert.equal(raw.injectionSelector, 'L:source.yaml -comment -entity.name.tag');
  const yaml = JSON.parse(readFileSync(YAML_PATH, 'utf8')) as { scopeName: string };
  assert.equal(yaml.scopeName, 'source.yaml');
});

test('control: without the injection the YAML grammar alone yields no Compose scopes', async () => {
  const plain = tokenize(await loadYaml(false), DOCUMENT);
  noCompose(plain.flat(), 'base grammar only');
});

test('${VAR} in a plain scalar', async () => {
  const toks = await line('image:');
  assertVar(toks, 'IMAGE');
  has(tok(toks, '}'), END);
});

test('$VAR unbraced: the name stops at the first non-name character', async () => {
  const toks = await line('command:');
  assertVar(toks, 'HOME', false);
  const t = toks.find((x) => x.text.startsWith('/bin'));
  assert.ok(t, dump(toks));
  lacks(t, VARIABLE, META);
  has(t, 'string.unquoted.plain.out.yaml');
});

test('$$ is an escape, not a variable: $$HOME, $$$USER, $${LITERAL}', async () => {
  const toks = await line('command:');
  const escapes = toks.filter((t) => t.scopes.includes(ESCAPE));
  assert.deepEqual(
    escapes.map((t) => t.text),
    ['$$', '$$', '$$'],
  );
  // $$HOME: the text after the escape is plain text, not a variable name.
  const afterFirst = toks[toks.indexOf(escapes[0]!) + 1];
  assert.ok(afterFirst);
  assert.ok(afterFirst.text.startsWith('HOME'), dump(toks));
  lacks(afterFirst, VARIABLE, META);
  // $$$USER: escape, then a real $USER.
  assertVar(toks, 'USER', false);
  // $${LITERAL}: escape, then literal text `{LITERAL}`.
  const afterLast = toks[toks.indexOf(escapes[2]!) + 1];
  assert.ok(afterLast);
  assert.equal(afterLast.text, '{LITERAL}');
  lacks(afterLast, VARIABLE, META, BEGIN);
  // Only HOME and USER are variables on this line.
  assert.deepEqual(
    toks.filter((t) => t.scopes.includes(VARIABLE)).map((t) => t.text),
    ['HOME', 'USER'],
  );
});

test('${VAR:-default} in a double-quoted string; the string still closes and the comment stays a comment', async () => {
  const toks = await line('entrypoint:');
  assertVar(toks, 'ENTRY');
  has(tok(toks, 'ENTRY'), 'string.quoted.double.yaml');
  has(tok(toks, ':-'), OPERATOR, 'string.quoted.double.yaml');
  has(tok(toks, '/bin/sh'), DEFAULT, META, 'string.quoted.double.yaml');
  has(tok(toks, '}'), END);
  has(tok(toks, ' -c'), 'string.quoted.double.yaml');
  lacks(tok(toks, ' -c'), META);
  has(tok(toks, '"', 1), 'punctuation.definition.string.end.yaml');
  const comment = toks.filter((t) => t.scopes.some((s) => s.startsWith('comment.')));
  assert.ok(comment.length > 0, dump(toks));
  noCompose(comment, 'trailing comment');
});

test('${VAR:?error} and ${VAR?error} in a single-quoted string', async () => {
  const toks = await line('user:');
  assertVar(toks, 'UID');
  assertVar(toks, 'GID');
  has(tok(toks, ':?'), OPERATOR, 'string.quoted.single.yaml');
  has(tok(toks, 'uid is required'), MESSAGE, 'string.quoted.single.yaml');
  has(tok(toks, '?'), OPERATOR);
  has(tok(toks, 'gid'), MESSAGE);
  const colon = tok(toks, ':', 1); // #0 is the key/value separator
  has(colon, 'string.quoted.single.yaml');
  lacks(colon, META);
  has(tok(toks, "'", 1), 'punctuation.definition.string.end.yaml');
});

test('${VAR-default} inside a plain scalar, and nothing in its trailing comment', async () => {
  const toks = await line('working_dir:');
  assertVar(toks, 'DIR');
  has(tok(toks, '-'), OPERATOR);
  has(tok(toks, '/srv'), DEFAULT);
  has(tok(toks, '-post'), 'string.unquoted.plain.out.yaml');
  lacks(tok(toks, '-post'), META);
  const comment = toks.filter((t) => t.scopes.some((s) => s.startsWith('comment.')));
  assert.ok(
    comment.some((t) => t.text.includes('$ALSO_IGNORED')),
    dump(toks),
  );
  noCompose(comment, 'trailing comment');
});

test('${VAR:+replacement} and ${VAR+replacement}', async () => {
  const toks = await line('hostname:');
  assertVar(toks, 'HOST', true, 0);
  assertVar(toks, 'HOST', true, 1);
  has(tok(toks, ':+'), OPERATOR);
  has(tok(toks, 'set'), REPLACEMENT);
  has(tok(toks, '+'), OPERATOR);
  has(tok(toks, 'set2'), REPLACEMENT);
});

test('nested default ${A:-${B:-x}}', async () => {
  const toks = await line('nested:');
  assert.deepEqual(
    toks.filter((t) => t.scopes.some((s) => s.endsWith('.compose'))).map((t) => t.text),
    ['${', 'A', ':-', '${', 'B', ':-', 'x', '}', '}'],
  );
  const innerBegin = tok(toks, '${', 1);
  has(innerBegin, BEGIN, DEFAULT);
  assert.equal(innerBegin.scopes.filter((s) => s === META).length, 2, 'inner interpolation nests in the outer');
  has(tok(toks, 'B'), VARIABLE, DEFAULT);
  const x = tok(toks, 'x');
  has(x, DEFAULT);
  assert.equal(x.scopes.filter((s) => s === DEFAULT).length, 2);
  const [innerEnd, outerEnd] = [tok(toks, '}', 0), tok(toks, '}', 1)];
  has(innerEnd, END);
  has(outerEnd, END);
  assert.equal(innerEnd.scopes.filter((s) => s === META).length, 2);
  assert.equal(outerEnd.scopes.filter((s) => s === META).length, 1);
});

test('defaults are interpolated too: $VAR, ${VAR:?msg $VAR} and $$ inside a default', async () => {
  const deep = await line('deep:');
  assertVar(deep, 'B', false);
  has(tok(deep, 'B'), DEFAULT);
  assertVar(deep, 'C');
  has(tok(deep, 'msg '), MESSAGE, DEFAULT);
  assertVar(deep, 'D', false);
  has(tok(deep, 'D'), MESSAGE);
  const esc = await line('escaped_in_default:');
  has(tok(esc, '$$'), ESCAPE, DEFAULT);
  lacks(tok(esc, 'B'), VARIABLE);
});

test('keys are not values: no interpolation inside a mapping key', async () => {
  const toks = await line('FOO_');
  const keyToks = toks.filter((t) => t.scopes.includes('entity.name.tag.yaml'));
  assert.ok(
    keyToks.some((t) => t.text.includes('${KEYPART}')),
    dump(toks),
  );
  noCompose(toks, 'mapping key');
});

test('a lone $ or a ${ without a valid name is marked invalid (Compose rejects it)', async () => {
  const toks = await line('cost:');
  has(tok(toks, '$'), INVALID);
  has(tok(toks, '${'), INVALID);
  assert.deepEqual(
    toks.filter((t) => t.scopes.includes(VARIABLE)),
    [],
  );
});

test('values at any depth: sequence item, and a key five levels down', async () => {
  const env = await line('- PORT=');
  assertVar(env, 'PORT');
  has(tok(env, '8080'), DEFAULT);
  const mem = await line('memory:');
  assertVar(mem, 'MEM_LIMIT');
  has(tok(mem, '512m'), DEFAULT);
});

test('block scalars: literal | and folded >- lines', async () => {
  const literal = await line('curl ');
  assertVar(literal, 'PORT');
  has(tok(literal, 'PORT'), 'string.unquoted.block.yaml');
  has(tok(literal, '80'), DEFAULT, 'string.unquoted.block.yaml');
  // Inside a block scalar `#` is text, not a comment, so Compose interpolates it and so do we.
  const hashLine = await line('# not a YAML comment');
  assertVar(hashLine, 'INSIDE_BLOCK', false);
  has(tok(hashLine, 'INSIDE_BLOCK'), 'string.unquoted.block.yaml');
  const folded = await line('folded ');
  assertVar(folded, 'FOLDED');
  has(tok(folded, 'FOLDED'), 'string.unquoted.block.yaml');
});

test('flow collections: a flow sequence with quoted and plain items, a flow mapping value', async () => {
  const ports = await line('ports:');
  assertVar(ports, 'HOST_PORT');
  has(tok(ports, 'HOST_PORT'), 'string.quoted.double.yaml', 'meta.flow-sequence.yaml');
  assertVar(ports, 'OTHER_PORT');
  has(tok(ports, ']'), 'punctuation.definition.sequence.end.yaml');
  const extra = await line('extra:');
  assertVar(extra, 'FLOW_MAP');
  has(tok(extra, '}', 1), 'punctuation.definition.mapping.end.yaml');
  lacks(tok(extra, '}', 1), META);
});

test('comments: a whole-line comment gets no Compose scope', async () => {
  const toks = await line('# comment:');
  assert.ok(
    toks.every((t) => t.scopes.some((s) => s.startsWith('comment.'))),
    dump(toks),
  );
  noCompose(toks, 'comment line');
});

test('an unterminated ${VAR:-... stops at the end of its line; the next line is intact', async () => {
  const broken = await line('broken:');
  has(tok(broken, 'abc'), DEFAULT);
  const after = await line('after_broken:');
  const key = after.filter((t) => t.scopes.includes('entity.name.tag.yaml'));
  assert.equal(key.map((t) => t.text).join(''), 'after_broken', dump(after));
  noCompose(key, 'key after an unterminated interpolation');
  assertVar(after, 'AFTER');
  assert.equal(tok(after, 'AFTER').scopes.filter((s) => s === META).length, 1);
});
