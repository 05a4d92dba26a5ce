/**
 * Reading the yaml tree as Compose reads the data — aliases followed, `<<` merge keys applied — while
 * keeping every node where it is written, so a name found through a merge has its own text offsets.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { keyName } from '../parse/locate';

/** A map entry whose key is a scalar, the only keys Compose and ECS names can be. */
export type KeyedPair = Pair<Scalar, unknown>;

/** Aliases that point at aliases are not valid YAML, but a broken document must not loop forever. */
const MAX_ALIAS_HOPS = 64;

export class YamlTree {
  constructor(private readonly doc: Document) {}

  get root(): unknown {
    return this.resolve(this.doc.contents);
  }

  /** The node an alias stands for (the node itself when it is not an alias). */
  resolve(node: unknown): unknown {
    let current = node;
    for (let hops = 0; isAlias(current) && hops < MAX_ALIAS_HOPS; hops++) current = current.resolve(this.doc);
    return isAlias(current) ? undefined : current;
  }

  map(node: unknown): YAMLMap | undefined {
    const resolved = this.resolve(node);
    return isMap(resolved) ? resolved : undefined;
  }

  seq(node: unknown): YAMLSeq | undefined {
    const resolved = this.resolve(node);
    return isSeq(resolved) ? resolved : undefined;
  }

  scalar(node: unknown): Scalar | undefined {
    const resolved = this.resolve(node);
    return isScalar(resolved) ? resolved : undefined;
  }

  /** A scalar holding a string: the only values that name something (a key may be `123`, a value may not). */
  string(node: unknown): Scalar<string> | undefined {
    const scalar = this.scalar(node);
    return scalar && typeof scalar.value === 'string' ? (scalar as Scalar<string>) : undefined;
  }

  /** The entries of a sequence, aliases resolved; nothing for anything else. */
  items(node: unknown): unknown[] {
    return (this.seq(node)?.items ?? []).map((item) => this.resolve(item));
  }

  /**
   * A map's entries as Compose sees them: its own keys first, then keys merged with `<<` that it does
   * not set itself (the first merge source that has a key wins, as in yaml's own merge). Each pair is
   * the one where the entry is written, which may be inside an anchored map elsewhere in the file.
   */
  pairs(node: unknown, visited = new Set<YAMLMap>()): KeyedPair[] {
    const map = this.map(node);
    if (!map || visited.has(map)) return [];
    visited.add(map);
    const own: KeyedPair[] = [];
    const mergeSources: unknown[] = [];
    for (const item of map.items) {
      if (!isPair(item) || !isScalar(item.key)) continue;
      if (keyName(item.key) === '<<') {
        const value = this.resolve(item.value);
        mergeSources.push(...(isSeq(value) ? value.items : [value]));
      } else {
        own.push(item as KeyedPair);
      }
    }
    if (mergeSources.length === 0) return own;
    const names = new Set(own.map((pair) => keyName(pair.key)));
    const all = [...own];
    for (const source of mergeSources) {
      for (const pair of this.pairs(source, visited)) {
        const name = keyName(pair.key);
        if (names.has(name)) continue;
        names.add(name);
        all.push(pair);
      }
    }
    return all;
  }

  /** A map's values by key (merges applied, the first of duplicate keys winning), aliases resolved. */
  fields(node: unknown): Map<string, unknown> {
    const fields = new Map<string, unknown>();
    for (const pair of this.pairs(node)) {
      const name = keyName(pair.key);
      if (name !== undefined && !fields.has(name)) fields.set(name, this.resolve(pair.value));
    }
    return fields;
  }
}
