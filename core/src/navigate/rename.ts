/**
 * When a rename is refused, and the edits it makes: shared by one-document rename and project rename.
 * A rename only ever replaces a name's own characters, so quotes around it stay as written.
 */
import { parse } from 'yaml';
import type { TextEdit } from '../types';
import type { SymbolEntry, SymbolKind } from './symbolsIndex';

/**
 * Compose's schema accepts `^[a-zA-Z0-9._-]+$` for these names; a new name must also start with a
 * letter or digit, as container names do (a leading `.` or `-` is legal but trips up other tools).
 */
const COMPOSE_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
/** ECS container and volume names: up to 255 letters, digits, `_` and `-`. */
const ECS_NAME = /^[a-zA-Z0-9_-]{1,255}$/;

/** Compose's own network, which every service joins unless told otherwise; no file needs to declare it. */
const DEFAULT_NETWORK = 'default';

const NOUNS: Record<SymbolKind, string> = {
  service: 'service',
  network: 'network',
  volume: 'volume',
  config: 'config',
  secret: 'secret',
  container: 'container',
  taskVolume: 'volume',
};

export function nounOf(kind: SymbolKind): string {
  return NOUNS[kind];
}

export interface SymbolName {
  kind: SymbolKind;
  name: string;
}

/** What a rename knows of the symbol: every site of it (in one file or a whole project). */
export interface RenameScope {
  /** Where it must be defined, for messages: "this file", "this project". */
  where: string;
  sites: readonly SymbolEntry[];
  /** The symbol is also written somewhere an edit cannot reach (an escaped JSON string, a folded line). */
  hasUnmappedSite: boolean;
}

/** Why this symbol cannot be renamed at all, whatever the new name; undefined when it can. */
export function symbolRefusal(symbol: SymbolName, scope: RenameScope): string | undefined {
  const noun = nounOf(symbol.kind);
  const definitions = scope.sites.filter((site) => site.role === 'definition');
  if (definitions.length === 0) {
    if (symbol.kind === 'network' && symbol.name === DEFAULT_NETWORK) {
      return `"${DEFAULT_NETWORK}" is Compose's own network and is not declared in ${scope.where}, so it cannot be renamed.`;
    }
    return `The ${noun} "${symbol.name}" is not defined in ${scope.where}, so it cannot be renamed here.`;
  }
  if (definitions.some((definition) => definition.external)) {
    return `The ${noun} "${symbol.name}" is external and its key is its real name; add \`name: ${symbol.name}\` to it before renaming the key.`;
  }
  if (scope.hasUnmappedSite) {
    return `The ${noun} "${symbol.name}" is also written in a form (an escaped or multi-line string) that cannot be edited safely; write it plainly first.`;
  }
  return undefined;
}

/** Why `newName` cannot replace the symbol's name; undefined when it can. */
export function newNameRefusal(
  symbol: SymbolName,
  newName: string,
  scope: RenameScope,
  isDefined: (name: string) => boolean,
): string | undefined {
  const noun = nounOf(symbol.kind);
  const invalid = invalidNameReason(symbol.kind, newName);
  if (invalid) return invalid;
  if (newName === symbol.name) return undefined;
  if (symbol.kind === 'network' && newName === DEFAULT_NETWORK) {
    return `"${DEFAULT_NETWORK}" is Compose's own network; renaming a network to it would change which network services join by default.`;
  }
  if (isDefined(newName)) return `A ${noun} named "${newName}" already exists in ${scope.where}.`;
  // A plain key or value must stay a string: `123` or `yes` would be read as a number or a boolean,
  // and quoting a plain key is an edit beyond replacing the name.
  if (scope.sites.some((site) => site.bare) && !readsBackAsString(newName)) {
    return `"${newName}" would be read by YAML as a ${describeScalar(newName)}, not a name, where it is written unquoted; choose another name.`;
  }
  return undefined;
}

export function invalidNameReason(kind: SymbolKind, name: string): string | undefined {
  const noun = nounOf(kind);
  if (kind === 'container' || kind === 'taskVolume') {
    return ECS_NAME.test(name) ? undefined : `"${name}" is not a valid ${noun} name: ECS allows 1 to 255 letters, digits, "_" and "-".`;
  }
  return COMPOSE_NAME.test(name)
    ? undefined
    : `"${name}" is not a valid ${noun} name: Compose allows letters, digits, "_", "." and "-", starting with a letter or digit.`;
}

/** The same replacement at every site; each site's span is the name alone, never its quotes. */
export function renameEdits(sites: readonly SymbolEntry[], newName: string): TextEdit[] {
  return sites.map((site) => ({ span: site.span, newText: newName }));
}

/** True when every site still spells the name (the index was built from this very text). */
export function sitesMatchText(text: string, sites: readonly SymbolEntry[]): boolean {
  return sites.every((site) => text.slice(site.span[0], site.span[1]) === site.name);
}

export const STALE_INDEX = 'The document changed since it was read; try the rename again.';

/**
 * Both YAML versions matter: this server reads 1.2, while YAML 1.1 readers (the original Python
 * Compose, many other tools) take `yes`, `on` or `1_000` as booleans and numbers. A new name must be
 * a string under both.
 */
function readsBackAsString(name: string): boolean {
  return (['1.1', '1.2'] as const).every((version) => {
    try {
      return parse(name, { version, logLevel: 'error' }) === name;
    } catch {
      return false;
    }
  });
}

function describeScalar(name: string): string {
  const types = (['1.2', '1.1'] as const).map((version) => {
    try {
      const value: unknown = parse(name, { version, logLevel: 'error' });
      return value === null ? 'null' : typeof value;
    } catch {
      return 'string';
    }
  });
  return types.find((type) => type !== 'string') ?? 'value';
}
