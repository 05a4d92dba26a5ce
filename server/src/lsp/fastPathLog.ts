import type { RemoteConsole } from 'vscode-languageserver';
import { FastPathCounter, type ParsedText } from '@dockside/core';

/**
 * Reports the documents the fast YAML reader leaves to yaml's parser: at debug level, once per document
 * and reason (not on every keystroke), with the counts so far; a fault of the fast reader (a bug, though
 * yaml's parser still reads the document right) as a warning every time.
 */
export function fastPathLog(console: RemoteConsole): (uri: string, parsed: ParsedText) => void {
  const counter = new FastPathCounter();
  const lastReason = new Map<string, string>();
  return (uri, parsed) => {
    const fallback = counter.count(parsed);
    if (!fallback) {
      lastReason.delete(uri);
      return;
    }
    if (fallback.fault !== undefined) {
      const detail = fallback.fault instanceof Error ? (fallback.fault.stack ?? fallback.fault.message) : String(fallback.fault);
      console.warn(`The fast YAML reader failed on ${uri}; yaml's parser read it instead. ${detail}`);
      return;
    }
    if (lastReason.get(uri) === fallback.reason) return;
    lastReason.set(uri, fallback.reason);
    console.debug(`${uri} is read by yaml's parser: the fast reader does not take ${fallback.reason}. So far ${counter.summary()}.`);
  };
}
