import { URI } from './uri';
import { matchesAnyGlob } from '../core';
import type { DocksideSettings } from '../settings';

export type DocumentKind = 'compose' | 'other';

/**
 * Which documents Dockside checks as Compose: the `dockercompose` language, and YAML files whose
 * path matches `dockside.compose.files`. Other editors may send every YAML file; those stay quiet.
 */
export function documentKind(uri: string, languageId: string, settings: DocksideSettings): DocumentKind {
  if (languageId === 'dockercompose') return 'compose';
  if (languageId === 'yaml' && matchesAnyGlob(URI.path(uri), settings.compose.files)) return 'compose';
  return 'other';
}
