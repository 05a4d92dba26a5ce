// Deploying to Amazon ECS (or to an endpoint that speaks its API): what to deploy, what would change,
// the changes and the rollout, and why a deployment failed.
export { AwsConnection, AwsSetupError, connectAws, describeAwsError, listAwsProfiles, type AwsProfile, type AwsTarget } from './aws';
export {
  applyDeploy,
  previewDeploy,
  type ApplyOptions,
  type DeployPreview,
  type DeployProblem,
  type DeployProgress,
  type DeployRequest,
  type NetworkSettings,
  type ServiceOutcome,
  type EcsServicePlan,
} from './deploy';
export { diffTaskDefinitions, formatDiff, type DiffEntry } from './diff';
export { formatFailure, type FailureReport } from './failure';
export { comparableText, normaliseTaskDefinition, sameTaskDefinition } from './normalise';
export { watchRollout, type RolloutOptions, type RolloutProgress, type RolloutResult } from './rollout';
export { isNeededByContainer, loadDeploySource, type DeploySource, type DeploySourceRequest, type DeployTarget } from './source';
export { describeOutcome, describePreview, type OutcomeReport } from './describe';
export {
  containerLogSource,
  describeRegistered,
  describeServices,
  forceNewDeployment,
  listClusters,
  listSecurityGroups,
  listServices,
  listServiceTasks,
  listSubnets,
  readLogLines,
  revisionOf,
  scaleService,
  stopTask,
  type ClusterView,
  type ContainerView,
  type DeploymentView,
  type LogSource,
  type SecurityGroupChoice,
  type ServiceView,
  type SubnetChoice,
  type TaskView,
} from './explorer';
