// From a Compose file to the engine and back, as plain functions over the document's text: where the
// "Run all" / "Run service" lenses go (the core's parser and symbols index find the service keys), and
// what a hover on a volume name or a bind-mount source refers to. No `vscode` import.
import { isMap, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import { buildSymbolsIndex, symbolAt } from '@dockside/core';
import { locate } from '@dockside/core';
import { parseText } from '@dockside/core';
import type { Span } from '@dockside/core';
import { formatBytes, listNames } from './itemView';

export interface ComposeLenses {
  /** Offset of the top-level `services` key: "Run all" goes above it. */
  readonly runAll?: number;
  /** Each service's key: "Run service" goes above it. */
  readonly services: ReadonlyArray<{ readonly name: string; readonly offset: number }>;
}

export function composeLenses(text: string): ComposeLenses {
  const parsed = parseText(text);
  if (parsed.unreadable) return { services: [] };
  const services = buildSymbolsIndex(parsed, 'compose')
    .entries.filter((entry) => entry.kind === 'service' && entry.role === 'definition')
    .map((entry) => ({ name: entry.name, offset: entry.span[0] }));
  const key = locate(parsed.doc, ['services']).key?.range?.[0];
  return { ...(key !== undefined && services.length > 0 ? { runAll: key } : {}), services };
}

export type HoverTarget =
  | { readonly kind: 'volume'; readonly name: string; readonly span: Span }
  | { readonly kind: 'bind'; readonly path: string; readonly span: Span };

/** The named volume (by its key in the file) or bind-mount source (as written) under the cursor. */
export function hoverTargetAt(text: string, offset: number): HoverTarget | undefined {
  const parsed = parseText(text);
  if (parsed.unreadable) return undefined;
  const symbol = symbolAt(buildSymbolsIndex(parsed, 'compose'), offset);
  if (symbol?.kind === 'volume') return { kind: 'volume', name: symbol.name, span: symbol.span };
  for (const source of bindSources(parsed.doc.contents as Node | null)) {
    if (offset >= source.span[0] && offset <= source.span[1]) return source;
  }
  return undefined;
}

const isHostPath = (path: string): boolean => /^([./~]|[A-Za-z]:[\\/])/.test(path);

/** Bind-mount sources in `services.*.volumes`: the host part of `./src:/app`, or `source:` of `type: bind`. */
function bindSources(root: Node | null): Array<HoverTarget & { kind: 'bind' }> {
  const found: Array<HoverTarget & { kind: 'bind' }> = [];
  const services = isMap(root) ? root.get('services', true) : undefined;
  if (!isMap(services)) return found;
  for (const pair of services.items) {
    const mounts = isMap(pair.value) ? pair.value.get('volumes', true) : undefined;
    if (!isSeq(mounts)) continue;
    for (const item of mounts.items) {
      const bind = isScalar(item) ? shortBind(item) : isMap(item) ? longBind(item.get('type', true), item.get('source', true)) : undefined;
      if (bind) found.push(bind);
    }
  }
  return found;
}

function shortBind(item: Scalar): (HoverTarget & { kind: 'bind' }) | undefined {
  if (typeof item.value !== 'string' || !item.range) return undefined;
  const value = item.value;
  // A Windows drive letter's colon is not the separator.
  const colon = value.indexOf(':', /^[A-Za-z]:[\\/]/.test(value) ? 2 : 0);
  const path = colon < 0 ? value : value.slice(0, colon);
  if (colon < 0 || !isHostPath(path)) return undefined;
  const start = item.range[0] + (item.type === 'QUOTE_DOUBLE' || item.type === 'QUOTE_SINGLE' ? 1 : 0);
  return { kind: 'bind', path, span: [start, start + path.length] };
}

function longBind(type: unknown, source: unknown): (HoverTarget & { kind: 'bind' }) | undefined {
  if (!isScalar(type) || type.value !== 'bind' || !isScalar(source) || typeof source.value !== 'string' || !source.range) return undefined;
  return { kind: 'bind', path: source.value, span: [source.range[0], source.range[1]] };
}

// ---------------------------------------------------------------------------------------------------
// Hover text

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

export interface LiveVolume {
  readonly driver: string;
  readonly sizeBytes?: number;
  readonly createdAt?: string;
  readonly usedBy: ReadonlyArray<{ readonly containerName: string; readonly running: boolean; readonly project?: string }>;
}

export function volumeHover(engineName: string, volume: LiveVolume | undefined, connected: boolean): string {
  const title = `**Volume \`${engineName}\`** on the Docker Engine`;
  if (!connected) return `${title}\n\nThe engine is not connected, so its state is unknown.`;
  if (!volume) return `${title}\n\nDoes not exist yet: \`up\` creates it.`;
  const users = volume.usedBy.map(
    (u) => `${u.containerName}${u.project ? ` (${u.project}${u.running ? '' : ', stopped'})` : u.running ? '' : ' (stopped)'}`,
  );
  const lines = [title, '', `- driver: ${volume.driver}`];
  if (volume.sizeBytes !== undefined) lines.push(`- size: ${formatBytes(volume.sizeBytes)}`);
  if (volume.createdAt) lines.push(`- created: ${volume.createdAt}`);
  lines.push(`- ${users.length ? `in use by ${listNames(users, 5)}` : 'not in use by any container'}`);
  return lines.join('\n');
}

export type HostPathKind = 'directory' | 'file' | 'missing';

export function bindHover(written: string, resolved: string, kind: HostPathKind, danger: string | undefined): string {
  const what = { directory: 'a folder', file: 'a file', missing: 'missing: the engine creates an empty folder owned by root there' }[kind];
  const lines = [
    `**Bind mount** of the host path \`${resolved}\`${resolved !== written ? ` (written \`${written}\`)` : ''}`,
    '',
    `On this machine it is ${what}.`,
  ];
  if (danger) lines.push('', `$(warning) This bind mount ${danger}.`);
  return lines.join('\n');
}
