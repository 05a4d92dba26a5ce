// Docker Swarm: a Compose project deployed as a stack, as `docker stack deploy` deploys it, and what runs
// on the swarm read back for the views and the CLI. No `vscode` import.
export { notManagerReason, swarmState, type SwarmRole, type SwarmState } from './api';
export { STACK_LABEL, SWARM_LABEL } from './labels';
export { planSwarm, type SwarmPlan, type SwarmFilePlan, type SwarmNetworkPlan, type SwarmServicePlan } from './plan';
export { deployable, loadSwarmStack, type LoadedSwarmStack, type SwarmContext } from './load';
export { deployStack, specCovers, SwarmError, type DeployOptions, type DeployResult, type ServiceChange, type SwarmEvent } from './deploy';
export { ConvergenceError, describeFailure, describeProgress, waitForConvergence, type ServiceProgress, type TaskFailure } from './wait';
export {
  readStacks,
  readSwarm,
  type SwarmNodeSummary,
  type SwarmPort,
  type SwarmServiceSummary,
  type SwarmSnapshot,
  type SwarmStackSummary,
  type SwarmTaskSummary,
} from './status';
export {
  findService,
  forceUpdateService,
  initSwarm,
  removeStack,
  rollBackService,
  scaleSwarmService,
  setNodeAvailability,
  type RemovedStack,
} from './actions';
export type { ServiceSpec, SwarmService, SwarmTask, SwarmNode } from './types';
export { streamServiceLogs, type ServiceLogOptions } from './logs';
export { routingMeshWarning, type MeshCheck } from './routingMesh';
