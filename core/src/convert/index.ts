/** Compose ⇄ ECS conversion, with a report of everything that could not be carried over exactly. */
export {
  composeToTaskDefinitions,
  type ComposeConversion,
  type ComposeConversionOptions,
  type ConvertedTaskDefinition,
  type EcsServiceHints,
  type LaunchType,
} from './composeToTaskDef';
export { taskDefinitionToCompose, type TaskDefinitionConversion } from './taskDefToCompose';
export { renderCompose, renderTaskDefinition } from './render';
export { formatPath, type LossEntry, type LossKind, type LossReport } from './report';
export {
  MAPPED_SERVICE_KEYS,
  REPORTED_SERVICE_KEYS,
  REPORTED_SERVICE_KEY_REASONS,
  MAPPED_TOP_LEVEL_KEYS,
  REPORTED_TOP_LEVEL_KEYS,
  REPORTED_TOP_LEVEL_KEY_REASONS,
  type ReportedKey,
} from './keys';
export { MAPPED_CONTAINER_FIELDS } from './ecs';
export { profileChoices, type ProfileChoice, type ProfileChoices } from './profiles';
export {
  convertFile,
  formatLoss,
  locatedLosses,
  type ConvertFileRequest,
  type ConvertFileResult,
  type ConvertedFile,
  type LocatedLoss,
  type LossSeverity,
} from './convertFile';
export { fillPlaceholders, unfilledPlaceholders, type PlaceholderValues } from './placeholders';
