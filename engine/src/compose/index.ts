// The Compose runner: bring a Compose project up on the Docker Engine through its API, and manage it
// afterwards. No `vscode` import: the extension's views, the CLI and the tests share it.
export type { ProjectHost } from '@dockside/core';
export { loadStack, type StackSource, type LoadedStack, type ServicePlan, type Dependency, type BuildPlan } from './stack';
export { type StackEvent, type RunOptions } from './run';
export { stackUp, type UpOptions, type UpResult, type ContainerAction } from './up';
export { stackDown, volumesRemovedByDown, type DownResult } from './down';
export { stackRestart, serviceAction, type ServiceActionName } from './actions';
export { listStacks, type RunningStack, type StackContainer, type ContainerPort } from './status';
export { streamLogs, type LogOptions } from './logs';
export { StackError } from './errors';
