import { dedent } from '../../helpers/marked';

/**
 * A fixture with the cursor marked: `services:\n  web:\n    ima|` → the text without the marker and
 * the marker's offset. Pass another marker where the text itself needs a `|` (YAML block scalars).
 */
export function atCursor(source: string, marker = '|'): { text: string; offset: number } {
  const text = source.startsWith('\n') ? dedent(source) : source;
  const offset = text.indexOf(marker);
  if (offset < 0 || text.indexOf(marker, offset + marker.length) >= 0) {
    throw new Error(`The fixture needs exactly one cursor marker "${marker}": ${JSON.stringify(source)}`);
  }
  return { text: text.slice(0, offset) + text.slice(offset + marker.length), offset };
}
