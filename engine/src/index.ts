// The Docker Engine side of Dockside: the Compose runner, volumes and mounts, and ECS task definitions
// run locally. No `vscode` import: the extension's views, the CLI and the tests all drive it.
export * from './compose';
export * from './volumes';
export { resolveEngineAddress, type EngineAddress } from './connection';
export { createDocker, engineMessage, probeEngine } from './engine';
export { EngineSession, type ChangeScope, type EngineChange, type EngineState } from './session';
export { dangerousHostPath, listContainerMounts } from './mounts';
export { LocalCluster, type ClusterSettings, type ClusterSnapshot, type ScheduleEntry, type ServiceSummary } from './ecs/cluster';
export { DEFAULT_CLUSTER } from './ecs/arn';
export { ECS_LABELS } from './ecs/labels';
export { EcsError } from './ecs/errors';
export { defaultStateDir, StateError } from './ecs/state';
export * from './ecs/api';
export { LocalFileError } from './ecs/localFiles';
export { MetadataServer } from './ecs/metadata';
export { preflight, runTask, TaskStartError, type TaskRun } from './ecs/runTask';
export { describeWait, nextRuns, parseSchedule, ScheduleError } from './ecs/schedule';
export { LocalService, type DeploymentState, type ServiceState } from './ecs/service';
export { DEFAULT_SANDBOX, PlanError, type SandboxSpec } from './ecs/taskPlan';
export { loadTaskSource, type TaskSource } from './ecs/taskSource';
export { describeStoppedTask, taskExitStatus, type ContainerState, type TaskState } from './ecs/taskState';
export * from './deploy';
export * from './swarm';
