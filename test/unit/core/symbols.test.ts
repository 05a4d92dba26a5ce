import assert from 'node:assert/strict';
import { test } from 'node:test';
import { composeSymbols, parseText } from '../../../core/src';
import { dedent } from '../../helpers/marked';

test('the outline has a node per section and per named entry, with exact name spans', () => {
  const text = dedent(`
    services:
      web:
        image: nginx
      worker:
        build: ./worker
    networks:
      back: {}
    secrets:
      token:
        file: ./token.txt
    x-ignored: 1
  `);
  const symbols = composeSymbols(parseText(text).doc, text);
  assert.deepEqual(
    symbols.map((s) => [s.name, s.kind, s.children.map((c) => [c.name, c.kind, c.detail, text.slice(...c.selectionSpan)])]),
    [
      [
        'services',
        'section',
        [
          ['web', 'service', 'nginx', 'web'],
          ['worker', 'service', 'build', 'worker'],
        ],
      ],
      ['networks', 'section', [['back', 'network', undefined, 'back']]],
      ['secrets', 'section', [['token', 'secret', undefined, 'token']]],
    ],
  );
  const web = symbols[0]!.children[0]!;
  assert.equal(text.slice(...web.span), 'web:\n    image: nginx');
});

test('a document that is not a mapping has no outline', () => {
  assert.deepEqual(composeSymbols(parseText('- a\n- b\n').doc, '- a\n- b\n'), []);
  assert.deepEqual(composeSymbols(parseText('').doc, ''), []);
});
