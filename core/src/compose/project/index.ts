/** The Compose project model: files, overrides, include, extends, profiles and `.env`, merged as Compose does. */
export {
  loadProject,
  defaultComposeFiles,
  composeFilesIn,
  normalizeProjectName,
  DEFAULT_COMPOSE_FILE_NAMES,
  DEFAULT_OVERRIDE_FILE_NAMES,
  type LoadProjectInput,
  type Project,
} from './loadProject';
export type { ProjectHost, ProjectFinding, SourceLocation, SourceMap } from './types';
export type { ProjectVariableUse } from './context';
export {
  parseEnvFile,
  readServiceEnvFiles,
  envFileReferences,
  buildEnvironment,
  environmentFrom,
  environmentLookup,
  type EnvEntry,
  type EnvProblem,
  type ParsedEnvFile,
  type EnvironmentVariable,
  type EnvFileReference,
  type ServiceEnvFile,
  type ServiceEnvFiles,
} from './env';
export {
  interpolateString,
  interpolateValue,
  lookupIn,
  type InterpolatedString,
  type InterpolatedValue,
  type InterpolationIssue,
  type KnownVariable,
  type VariableLookup,
  type VariableUse,
} from './interpolate';
export {
  mergeValues,
  mergeLayer,
  mergeComposeFiles,
  layerOf,
  findMergeTags,
  enforceUniqueness,
  type ComposeLayer,
  type MergeTags,
  type MergeProblem,
} from './merge';
export { applyExtends, type ExtendsFile, type ExtendsHost, type ExtendsProblem } from './extends';
export { parseIncludeEntries, resolveInclude, importResources, type IncludeEntry, type ResolvedInclude } from './include';
export { selectServices, serviceHasProfile, type ProfileSelection, type ServiceSelection, type ServiceSelectionProblem } from './profiles';
export { pointerOf, sourceOf } from './sources';
