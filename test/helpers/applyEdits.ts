import type { TextEdit } from '../../core/src';

/** Applies non-overlapping edits as an editor would: from the last to the first. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  return [...edits]
    .sort((a, b) => b.span[0] - a.span[0])
    .reduce((result, edit) => result.slice(0, edit.span[0]) + edit.newText + result.slice(edit.span[1]), text);
}
