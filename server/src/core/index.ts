/** The pure core of Dockside: no editor, no protocol, no I/O. Everything else builds on these. */
export { parseText, type ParsedText } from './parse/parseText';
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
export { composeSymbols, type OutlineSymbol, type SymbolKindName } from './symbols/composeSymbols';
export { LineIndex, type Position } from './text/lineIndex';
export { matchesAnyGlob } from './text/glob';
export { scanInterpolations } from './compose/interpolation';
export * from './types';
export { completeAt, type CompletionCandidate, type CompletionResult, type CompletionInput, type CompletionKind } from './complete/completeAt';
export { hoverAt, type HoverResult, type HoverInput } from './hover/hoverAt';
export { loadProject, defaultComposeFiles, type Project, type ProjectHost } from './compose/project';
export { projectFilesFor } from './compose/projectFiles';
export { variableHoverAt } from './hover/variableHover';
export { buildEnvironment, environmentFrom, environmentLookup, type VariableLookup } from './compose/project';
export * from './navigate';
export * from './convert';
