// Flow collections on one line, holding only scalars: `[a, "b", 3]` and `{ a: 1, b: "x" }`. Nested
// flow collections, comments inside brackets, and collections spanning lines are left to yaml.
//
// Ranges follow yaml's CST: an item's node end takes in the spaces after it (they become the item's
// `end` tokens), while a flow-mapping key ends where its text ends (the spaces go to the separator).

import { Pair, Scalar, YAMLMap, YAMLSeq, type Schema } from 'yaml';
import { bail } from './bail';
import { ScalarFactory, quoted } from './scalars';
import {
  COLON,
  COMMA,
  DASH,
  DQUOTE,
  LBRACKET,
  QUESTION,
  RBRACE,
  RBRACKET,
  SPACE,
  SQUOTE,
  canStartPlain,
  indicatorReason,
  isFlowStop,
  isLineEnd,
  plainEndInFlow,
  readDoubleQuoted,
  readSingleQuoted,
  skipSpaces,
} from './scan';

/** A flow collection node and the offset just past its closing bracket. */
export interface FlowResult {
  node: YAMLSeq | YAMLMap;
  end: number;
}

/** The flow sequence or mapping whose opening bracket is at `start`; its range[2] is set by the caller. */
export function readFlowCollection(text: string, start: number, schema: Schema, scalars: ScalarFactory): FlowResult {
  return text.charCodeAt(start) === LBRACKET ? readFlowSeq(text, start, schema, scalars) : readFlowMap(text, start, schema, scalars);
}

function readFlowSeq(text: string, start: number, schema: Schema, scalars: ScalarFactory): FlowResult {
  const seq = new YAMLSeq(schema);
  seq.flow = true;
  let i = skipSpaces(text, start + 1);
  while (text.charCodeAt(i) !== RBRACKET) {
    const item = readFlowScalar(text, i, scalars, false);
    const after = skipSpaces(text, item.range![1]);
    // `[a: 1]` is a single-pair mapping inside the sequence; not ours.
    if (text.charCodeAt(after) === COLON) bail('pair in flow sequence');
    item.range![2] = after;
    seq.items.push(item);
    i = afterItem(text, after, RBRACKET);
  }
  seq.range = [start, i + 1, i + 1];
  return { node: seq, end: i + 1 };
}

function readFlowMap(text: string, start: number, schema: Schema, scalars: ScalarFactory): FlowResult {
  const map = new YAMLMap(schema);
  map.flow = true;
  let i = skipSpaces(text, start + 1);
  while (text.charCodeAt(i) !== RBRACE) {
    const key = readFlowScalar(text, i, scalars, true);
    const colon = skipSpaces(text, key.range![1]);
    if (text.charCodeAt(colon) !== COLON) bail('flow mapping key without value');
    // After a quoted key `:` is always the indicator; after a plain one yaml needs a space to see it.
    if (key.type === Scalar.PLAIN && text.charCodeAt(colon + 1) !== SPACE) bail('flow mapping ":" without space');
    const valueStart = skipSpaces(text, colon + 1);
    const c = text.charCodeAt(valueStart);
    let value: Scalar;
    let after: number;
    if (c === COMMA || c === RBRACE) {
      // An empty value sits just past the spaces after `:`.
      value = scalars.plain('', false, valueStart, valueStart, valueStart);
      after = valueStart;
    } else {
      value = readFlowScalar(text, valueStart, scalars, false);
      after = skipSpaces(text, value.range![1]);
      value.range![2] = after;
    }
    map.items.push(new Pair(key, value));
    i = afterItem(text, after, RBRACE);
  }
  map.range = [start, i + 1, i + 1];
  return { node: map, end: i + 1 };
}

/** After an item: `,` then the next item (or a trailing comma before the close), or the close itself. */
function afterItem(text: string, i: number, close: number): number {
  const c = text.charCodeAt(i);
  if (c === close) return i;
  if (c !== COMMA) bail('expected , or closing bracket in flow collection');
  const next = skipSpaces(text, i + 1);
  const n = text.charCodeAt(next);
  if (n === COMMA) bail('empty flow collection item');
  return next;
}

/** A quoted or plain scalar inside a flow collection, with range[2] = range[1] until the caller widens it. */
function readFlowScalar(text: string, start: number, scalars: ScalarFactory, atKey: boolean): Scalar {
  const c = text.charCodeAt(start);
  if (c === DQUOTE) {
    const { value, end } = readDoubleQuoted(text, start);
    return quoted(value, Scalar.QUOTE_DOUBLE, start, end, end);
  }
  if (c === SQUOTE) {
    const { value, end } = readSingleQuoted(text, start);
    return quoted(value, Scalar.QUOTE_SINGLE, start, end, end);
  }
  if (isLineEnd(text, start)) bail('flow collection continues on the next line');
  if (!canStartPlain(c) || c === COLON) bail(`flow item starts with ${indicatorReason(c)}`);
  if ((c === DASH || c === QUESTION) && isFlowStop(text, start + 1)) bail('flow item starts with an indicator');
  const end = plainEndInFlow(text, start);
  if (end === start) bail('empty plain scalar in flow');
  return scalars.plain(text.slice(start, end), atKey, start, end, end);
}
