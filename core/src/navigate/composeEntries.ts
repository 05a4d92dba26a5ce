/**
 * The names a Compose file defines (keys under `services`, `networks`, `volumes`, `configs`,
 * `secrets`) and every place a service refers to one of them, read from the yaml tree so each name
 * keeps its own offsets. The sites match what `compose/model.ts` reads from plain data for the rules.
 */
import { isScalar, type Scalar } from 'yaml';
import { isHostPath, splitShortVolume } from '../compose/model';
import { beforeColon, type EntryCollector } from './entryCollector';
import type { SymbolKind } from './symbolsIndex';
import type { YamlTree } from './yamlTree';

const SECTIONS: ReadonlyArray<[section: string, kind: SymbolKind]> = [
  ['services', 'service'],
  ['networks', 'network'],
  ['volumes', 'volume'],
  ['configs', 'config'],
  ['secrets', 'secret'],
];

/** Settings that name another service after `service:` (`container:` names a container outside the project). */
const NAMESPACE_SETTINGS = ['network_mode', 'ipc', 'pid'] as const;
const SERVICE_PREFIX = 'service:';

export function collectComposeEntries(tree: YamlTree, collect: EntryCollector): void {
  const sections = tree.fields(tree.root);
  for (const [section, kind] of SECTIONS) {
    for (const pair of tree.pairs(sections.get(section))) {
      collect.definition(kind, pair.key, { external: kind !== 'service' && isExternalByKey(tree, pair.value) });
    }
  }
  for (const pair of tree.pairs(sections.get('services'))) {
    const service = tree.map(pair.value);
    if (service) collectServiceReferences(tree, tree.fields(service), collect);
  }
}

/**
 * `external: true` without `name:` makes the key itself the name of a network, volume, secret or
 * config outside the project: renaming the key would point at a different one.
 */
function isExternalByKey(tree: YamlTree, definition: unknown): boolean {
  const fields = tree.fields(definition);
  const external = tree.scalar(fields.get('external'))?.value;
  return external === true && !fields.has('name');
}

function collectServiceReferences(tree: YamlTree, service: Map<string, unknown>, collect: EntryCollector): void {
  for (const node of listOrKeys(tree, service.get('depends_on'))) collect.reference('service', node);
  for (const node of stringItems(tree, service.get('links'))) collect.reference('service', node, beforeColon(node));
  collectExtends(tree, service.get('extends'), collect);
  for (const setting of NAMESPACE_SETTINGS) collectServicePrefixed(tree.string(service.get(setting)), collect);
  for (const node of stringItems(tree, service.get('volumes_from'))) {
    if (!node.value.startsWith('container:')) collect.reference('service', node, beforeColon(node));
  }
  for (const node of listOrKeys(tree, service.get('networks'))) collect.reference('network', node);
  collectVolumes(tree, service.get('volumes'), collect);
  collectGrants(tree, service.get('secrets'), 'secret', collect);
  collectGrants(tree, service.get('configs'), 'config', collect);
  // A build may read secrets too, from the same top-level section.
  collectGrants(tree, tree.fields(service.get('build')).get('secrets'), 'secret', collect);
}

/** `extends: web`, or `extends: { service: web }` when it has no `file` (another file's service is not ours). */
function collectExtends(tree: YamlTree, value: unknown, collect: EntryCollector): void {
  const short = tree.string(value);
  if (short) {
    collect.reference('service', short);
    return;
  }
  const fields = tree.fields(value);
  const service = tree.string(fields.get('service'));
  if (service && !fields.has('file')) collect.reference('service', service);
}

/** `network_mode: service:vpn` (also `ipc`, `pid`): only `vpn` is the name. */
function collectServicePrefixed(node: Scalar<string> | undefined, collect: EntryCollector): void {
  if (!node?.value.startsWith(SERVICE_PREFIX)) return;
  collect.reference('service', node, { start: SERVICE_PREFIX.length, length: node.value.length - SERVICE_PREFIX.length });
}

/** Short syntax `data:/var/lib` names volume `data` (a host path names none); long syntax names it in `source`. */
function collectVolumes(tree: YamlTree, value: unknown, collect: EntryCollector): void {
  for (const item of tree.items(value)) {
    const short = tree.string(item);
    if (short) {
      const { source } = splitShortVolume(short.value);
      if (source && !isHostPath(source)) collect.reference('volume', short, { start: 0, length: source.length });
      continue;
    }
    const mount = tree.fields(item);
    const type = tree.scalar(mount.get('type'))?.value;
    const source = tree.string(mount.get('source'));
    if (source && (type === undefined || type === 'volume')) collect.reference('volume', source);
  }
}

/** `secrets: [token]` or `secrets: [{ source: token, target: … }]`, and the same for configs. */
function collectGrants(tree: YamlTree, value: unknown, kind: SymbolKind, collect: EntryCollector): void {
  for (const item of tree.items(value)) {
    const source = isScalar(item) ? tree.string(item) : tree.string(tree.fields(item).get('source'));
    if (source) collect.reference(kind, source);
  }
}

/** The names in a list-or-map setting: the list's strings, or the map's keys (`depends_on`, `networks`). */
function listOrKeys(tree: YamlTree, value: unknown): Scalar[] {
  if (tree.seq(value)) return stringItems(tree, value);
  return tree.pairs(value).map((pair) => pair.key);
}

function stringItems(tree: YamlTree, value: unknown): Array<Scalar<string>> {
  return tree.items(value).flatMap((item) => tree.string(item) ?? []);
}
