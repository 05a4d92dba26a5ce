/** The pure core of Dockside: no editor, no protocol, no I/O. Everything else builds on these. */
export { parseText, type ParsedText } from './parse/parseText';
export { reparse, type TextChange } from './parse/reparse';
export { FastPathCounter } from './parse/fast/fastPathCounter';
export { validateCompose, warmUpCompose, type ComposeOptions } from './compose/validateCompose';
export {
  validateTaskDefinition,
  warmUpTaskDefinition,
  taskDefinitionShape,
  isTaskDefinitionValue,
  type TaskDefinitionOptions,
  type TaskDefinitionShape,
} from './ecs/validateTaskDefinition';
export { taskDefinitionSymbols } from './ecs/taskDefinitionSymbols';
export { taskDefinitionJsonFinding } from './ecs/jsonSyntax';
export { READ_ONLY_FIELDS } from './ecs/rules/readOnlyField';
export { looksLikeSecretName } from './rules/secretNames';
export { composeSymbols, type OutlineSymbol, type SymbolKindName } from './symbols/composeSymbols';
export { LineIndex, type Position } from './text/lineIndex';
export { matchesAnyGlob } from './text/glob';
export { scanInterpolations } from './compose/interpolation';
export * from './types';
export {
  completeAt,
  type CompletionCandidate,
  type CompletionResult,
  type CompletionInput,
  type CompletionKind,
} from './complete/completeAt';
export { hoverAt, type HoverResult, type HoverInput } from './hover/hoverAt';
export { loadProject, defaultComposeFiles, composeFilesIn, type Project, type ProjectHost, type ProjectFinding } from './compose/project';
export { projectFilesFor, documentProject, defaultProjectFiles, type DocumentProject, type DefaultFiles } from './compose/projectFiles';
export { checkComposeProject, type CheckProjectInput, type CheckedProject } from './compose/checkProject';
export { variableHoverAt } from './hover/variableHover';
export { bindHover, mountTargetAt, resolveHostPath, type HostPathKind, type MountTarget } from './hover/mountHover';
export { runLenses, type RunLenses } from './compose/runLenses';
export { resourceEngineName } from './compose/resourceNames';
export { buildEnvironment, environmentFrom, environmentLookup, type VariableLookup } from './compose/project';
export * from './navigate';
export * from './convert';
export {
  normalizeProjectName,
  DEFAULT_COMPOSE_FILE_NAMES,
  DEFAULT_OVERRIDE_FILE_NAMES,
  parseEnvFile,
  readServiceEnvFiles,
  sourceOf,
} from './compose/project';
export { serviceDependencies } from './compose/model';
export { parseLongPort, parseShortPort, type PortMapping } from './compose/ports';
export { dangerOfHostPath } from './compose/rules/dangerousBindMount';
export {
  asList,
  asRecord,
  asString,
  asNumber,
  containersOf,
  effectiveNetworkMode,
  requiresFargate,
  taskCpu,
  taskMemory,
  type Json,
  type Container,
} from './ecs/model';
export { asBoolean, deepEqual, listOrDict, scalarText, stringOrList } from './convert/values';
export { splitShellWords } from './convert/shellWords';
export { byteCount, durationSeconds } from './convert/units';
export { findCycles } from './graph/cycles';
export { closest } from './suggest';
export { locate } from './parse/locate';
export { swarmSupport, SWARM_SERVICE_KEYS, SWARM_TOP_LEVEL_KEYS, type SwarmSupportOptions } from './swarm/swarmSupport';
export { isMeantForSwarm, SWARM_FILE_NAME, DOCKSIDE_EXTENSION_KEY } from './swarm/meantForSwarm';
export * from './settings';
export * from './protocol';
