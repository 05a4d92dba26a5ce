import type { Analysis, Syntax } from './cursor';
import { scanFlow } from './flowScan';
import { sketchYaml, type SketchOptions } from './yamlSketch';

export type { Analysis, CursorContext, CursorPosition, Syntax } from './cursor';
export { valueAt } from './cursor';

/** JSON when the first thing in the file is `{` or `[`; YAML otherwise (JSON is YAML too, but its
 * flow syntax reads better with the JSON scanner, which knows about commas and quoted keys). */
export function syntaxOf(text: string): Syntax {
  const first = /\S/.exec(text);
  return first && (first[0] === '{' || first[0] === '[') ? 'json' : 'yaml';
}

/**
 * Reads the whole text tolerantly and describes the cursor's place in it. Without `offset`, only the
 * value is wanted.
 */
export function analyze(text: string, offset?: number, options: SketchOptions = {}): Analysis {
  const syntax = syntaxOf(text);
  if (syntax === 'json') {
    const start = text.search(/\S/);
    const scan = scanFlow(text, start, { mode: 'json', basePath: [], cursor: offset });
    return { syntax, value: scan.value, cursor: scan.cursor, inComment: scan.inComment };
  }
  const sketch = sketchYaml(text, offset, options);
  return { syntax, value: sketch.value, cursor: sketch.cursor, inComment: sketch.inComment };
}
