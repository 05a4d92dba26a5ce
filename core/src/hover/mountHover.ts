/**
 * What a hover on a service's mount refers to: a named volume (by its key in the file) or a bind
 * mount's host path (as written), and what the hover says about that host path. Pure: the server
 * looks at the host path, the client asks the engine about the volume.
 */
import { isMap, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import { buildSymbolsIndex } from '../navigate/symbolsIndex';
import { symbolAt } from '../navigate/navigateAt';
import type { ParsedText } from '../parse/parseText';
import type { Span } from '../types';

export type MountTarget =
  | { readonly kind: 'volume'; readonly name: string; readonly span: Span }
  | { readonly kind: 'bind'; readonly path: string; readonly span: Span };

type BindTarget = MountTarget & { kind: 'bind' };

/** A host path written plainly (not through `${VAR}`, which the hover cannot resolve). */
const isWrittenHostPath = (path: string): boolean => /^([./~]|[A-Za-z]:[\\/])/.test(path);

/** The named volume (where it is used or declared) or the bind-mount source under the cursor. */
export function mountTargetAt(parsed: ParsedText, offset: number): MountTarget | undefined {
  if (parsed.unreadable) return undefined;
  const symbol = symbolAt(buildSymbolsIndex(parsed, 'compose'), offset);
  if (symbol?.kind === 'volume') return { kind: 'volume', name: symbol.name, span: symbol.span };
  return bindSources(parsed.doc.contents as Node | null, offset).find((source) => offset >= source.span[0] && offset <= source.span[1]);
}

/**
 * Bind-mount sources in `services.*.volumes` of the service around `offset`: the host part of
 * `./src:/app`, or `source:` of `type: bind`.
 */
function bindSources(root: Node | null, offset: number): BindTarget[] {
  const found: BindTarget[] = [];
  const services = isMap(root) ? root.get('services', true) : undefined;
  if (!isMap(services)) return found;
  for (const pair of services.items) {
    const range = isMap(pair.value) ? pair.value.range : undefined;
    if (!range || offset < range[0] || offset > range[2]) continue;
    const mounts = isMap(pair.value) ? pair.value.get('volumes', true) : undefined;
    if (!isSeq(mounts)) continue;
    for (const item of mounts.items) {
      const bind = isScalar(item) ? shortBind(item) : isMap(item) ? longBind(item.get('type', true), item.get('source', true)) : undefined;
      if (bind) found.push(bind);
    }
  }
  return found;
}

function shortBind(item: Scalar): BindTarget | undefined {
  if (typeof item.value !== 'string' || !item.range) return undefined;
  const value = item.value;
  // A Windows drive letter's colon is not the separator.
  const colon = value.indexOf(':', /^[A-Za-z]:[\\/]/.test(value) ? 2 : 0);
  const path = colon < 0 ? value : value.slice(0, colon);
  if (colon < 0 || !isWrittenHostPath(path)) return undefined;
  const start = item.range[0] + (item.type === 'QUOTE_DOUBLE' || item.type === 'QUOTE_SINGLE' ? 1 : 0);
  return { kind: 'bind', path, span: [start, start + path.length] };
}

function longBind(type: unknown, source: unknown): BindTarget | undefined {
  if (!isScalar(type) || type.value !== 'bind' || !isScalar(source) || typeof source.value !== 'string' || !source.range) return undefined;
  return { kind: 'bind', path: source.value, span: [source.range[0], source.range[1]] };
}

/** A bind source as the engine will see it: relative to the project folder, `~` the home folder. */
export function resolveHostPath(written: string, folder: string, home: string): string {
  if (written === '~' || written.startsWith('~/')) return `${home}${written.slice(1)}`;
  if (/^([/\\]|[A-Za-z]:[\\/])/.test(written)) return written;
  const parts = folder.split('/');
  for (const segment of written.split('/')) {
    if (segment === '..') parts.pop();
    else if (segment !== '.' && segment !== '') parts.push(segment);
  }
  return parts.join('/') || '/';
}

export type HostPathKind = 'directory' | 'file' | 'missing';

/** What a bind mount's host path is on this machine, and why mounting it is dangerous when it is. */
export function bindHover(written: string, resolved: string, kind: HostPathKind, danger: string | undefined): string {
  const what = { directory: 'a folder', file: 'a file', missing: 'missing: the engine creates an empty folder owned by root there' }[kind];
  const lines = [
    `**Bind mount** of the host path \`${resolved}\`${resolved !== written ? ` (written \`${written}\`)` : ''}`,
    '',
    `On this machine it is ${what}.`,
  ];
  if (danger) lines.push('', `⚠️ This bind mount ${danger}.`);
  return lines.join('\n');
}
