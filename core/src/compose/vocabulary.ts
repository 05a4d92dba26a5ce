import type { Vocabulary } from '../schema/messages';
import { closest } from '../suggest';
import type { Path } from '../types';

const SECTION_NOUNS: Record<string, string> = {
  services: 'service',
  networks: 'network',
  volumes: 'volume',
  secrets: 'secret',
  configs: 'config',
  models: 'model',
};

/** Names a place in a Compose file as its author thinks of it: `"healthcheck.interval" in service "web"`. */
export function describeComposePath(path: Path): string {
  if (path.length === 0) return 'the top level';
  const [section, name, ...rest] = path;
  const noun = SECTION_NOUNS[String(section)];
  if (noun && name !== undefined) {
    const owner = `${noun} "${String(name)}"`;
    return rest.length === 0 ? owner : `${describeRest(rest)} in ${owner}`;
  }
  if (path.length === 1) return `"${String(section)}"`;
  return describeRest(path);
}

function describeRest(rest: Path): string {
  const last = rest[rest.length - 1];
  if (typeof last === 'number') {
    const parent = rest.slice(0, -1).map(String).join('.');
    return `entry ${last + 1} of "${parent}"`;
  }
  return `"${rest
    .map((s) => (typeof s === 'number' ? `[${s}]` : s))
    .join('.')
    .replace(/\.\[/g, '[')}"`;
}

/**
 * Lists Compose de-duplicates before it checks the schema (compose-go `override.EnforceUnicity`):
 * the same entry twice there is merged into one, never refused.
 */
const DEDUPLICATED: ReadonlyArray<readonly string[]> = [
  ...[
    'annotations',
    'build.args',
    'build.additional_contexts',
    'build.tags',
    'build.labels',
    'cap_add',
    'cap_drop',
    'configs',
    'deploy.labels',
    'devices',
    'dns',
    'dns_opt',
    'dns_search',
    'environment',
    'env_file',
    'expose',
    'labels',
    'links',
    'networks.*.aliases',
    'networks.*.link_local_ips',
    'ports',
    'profiles',
    'secrets',
    'sysctls',
    'tmpfs',
    'volumes',
  ].map((attribute) => ['services', '*', ...attribute.split('.')]),
  ['networks', '*', 'labels'],
  ['networks', '*', 'ipam', 'options'],
];

function isDeduplicated(path: Path): boolean {
  return DEDUPLICATED.some(
    (pattern) => pattern.length === path.length && pattern.every((part, i) => part === '*' || part === String(path[i])),
  );
}

const NAME_RULE = 'use letters, digits, ".", "_" and "-", starting with a letter or digit';

export const composeVocabulary: Vocabulary = {
  describe: describeComposePath,
  accepts: (keyword, path) => keyword === 'uniqueItems' && isDeduplicated(path),
  unknownKey(parent, key, value, allowed) {
    if (parent.length === 0) {
      const looksLikeService = value !== null && typeof value === 'object' && ('image' in value || 'build' in value);
      if (looksLikeService) {
        return `Unknown top-level key "${key}". It looks like a service: services go under "services:".`;
      }
      if (!closest(key, allowed)) {
        return `Unknown top-level key "${key}". A Compose file has ${allowed.map((k) => `"${k}"`).join(', ')} and "x-" extensions at the top level.`;
      }
    }
    const noun = parent.length === 1 ? SECTION_NOUNS[String(parent[0])] : undefined;
    if (noun) return `"${key}" is not a valid ${noun} name: ${NAME_RULE}.`;
    return undefined;
  },
};
