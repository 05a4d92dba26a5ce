import { matchesAnyGlob } from '@dockside/core';
import type { DocksideSettings } from '@dockside/core';
import { URI } from './uri';

export type DocumentKind = 'compose' | 'taskdef' | 'other';

/** A JSON text that names `containerDefinitions` is worth parsing as a task definition. */
const TASK_DEFINITION_HINT = /"containerDefinitions"\s*:/;

/**
 * Which documents Dockside checks: the `dockercompose` language and YAML files matching
 * `dockside.compose.files` as Compose; JSON files matching `dockside.taskDefinition.files`, or whose
 * text names `containerDefinitions`, as ECS task definitions. Other editors may send every YAML or
 * JSON file; the rest stay quiet.
 */
export function documentKind(uri: string, languageId: string, text: string, settings: DocksideSettings): DocumentKind {
  const path = URI.path(uri);
  if (languageId === 'dockercompose') return 'compose';
  if (languageId === 'yaml' && matchesAnyGlob(path, settings.compose.files)) return 'compose';
  if (languageId === 'json' || languageId === 'jsonc') {
    if (matchesAnyGlob(path, settings.taskDefinition.files) || TASK_DEFINITION_HINT.test(text)) return 'taskdef';
  }
  return 'other';
}

/** Whether the kind came from the file name (always checked) or only from a look at the content. */
export function namedAsTaskDefinition(uri: string, settings: DocksideSettings): boolean {
  return matchesAnyGlob(URI.path(uri), settings.taskDefinition.files);
}
