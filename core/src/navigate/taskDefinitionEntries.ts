/**
 * The containers and volumes a task definition defines (their `name`s) and the settings that name
 * them, read from the yaml tree so each name keeps its own offsets. The sites match what
 * `ecs/model.ts` reads from plain data for the rules.
 */
import { beforeColon, type EntryCollector } from './entryCollector';
import type { YamlTree } from './yamlTree';

export function collectTaskDefinitionEntries(tree: YamlTree, collect: EntryCollector): void {
  const definition = definitionFields(tree);
  if (!definition) return;
  for (const container of tree.items(definition.get('containerDefinitions'))) {
    collectContainer(tree, tree.fields(container), collect);
  }
  for (const volume of tree.items(definition.get('volumes'))) {
    const name = tree.string(tree.fields(volume).get('name'));
    if (name) collect.definition('taskVolume', name);
  }
  const proxy = tree.string(tree.fields(definition.get('proxyConfiguration')).get('containerName'));
  if (proxy) collect.reference('container', proxy);
}

/**
 * The task definition's own fields: the document itself (register input), or its `taskDefinition`
 * (describe output), told apart as `taskDefinitionShape` does.
 */
function definitionFields(tree: YamlTree): Map<string, unknown> | undefined {
  const root = tree.fields(tree.root);
  if (root.has('containerDefinitions')) return root;
  const wrapped = tree.fields(root.get('taskDefinition'));
  return wrapped.has('containerDefinitions') ? wrapped : undefined;
}

function collectContainer(tree: YamlTree, container: Map<string, unknown>, collect: EntryCollector): void {
  const name = tree.string(container.get('name'));
  if (name) collect.definition('container', name);
  for (const entry of tree.items(container.get('dependsOn'))) {
    const target = tree.string(tree.fields(entry).get('containerName'));
    if (target) collect.reference('container', target);
  }
  for (const link of tree.items(container.get('links'))) {
    // `"db:database"` links container `db` under the alias `database`.
    const text = tree.string(link);
    if (text) collect.reference('container', text, beforeColon(text));
  }
  for (const entry of tree.items(container.get('volumesFrom'))) {
    const source = tree.string(tree.fields(entry).get('sourceContainer'));
    if (source) collect.reference('container', source);
  }
  for (const entry of tree.items(container.get('mountPoints'))) {
    const volume = tree.string(tree.fields(entry).get('sourceVolume'));
    if (volume) collect.reference('taskVolume', volume);
  }
}
