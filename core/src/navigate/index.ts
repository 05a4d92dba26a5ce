/** Go to definition, references, highlights and rename for Compose files and task definitions. */
export {
  buildSymbolsIndex,
  entriesOf,
  symbolKey,
  type NavigationLanguage,
  type SymbolEntry,
  type SymbolKind,
  type SymbolRole,
  type SymbolsIndex,
} from './symbolsIndex';
export {
  symbolAt,
  definitionOf,
  referencesOf,
  highlightsAt,
  prepareRenameAt,
  renameAt,
  type Highlight,
  type PrepareRenameResult,
  type RenameResult,
} from './navigateAt';
export {
  projectSymbolAt,
  projectDefinitions,
  projectReferences,
  projectPrepareRename,
  projectRename,
  type ProjectDocument,
  type ProjectLocation,
  type DocumentEdits,
  type ProjectRenameResult,
} from './project';
export type { SymbolName } from './rename';
