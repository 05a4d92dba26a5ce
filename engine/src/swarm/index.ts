// Docker Swarm: a Compose project deployed as a stack, as `docker stack deploy` deploys it, and what runs
// on the swarm read back for the views and the CLI. No `vscode` import.
export { STACK_LABEL, SWARM_LABEL } from './labels';
export { planSwarm, type SwarmPlan, type SwarmFilePlan, type SwarmNetworkPlan, type SwarmServicePlan } from './plan';
export { deployable, loadSwarmStack, type LoadedSwarmStack, type SwarmContext } from './load';
export type { ServiceSpec, SwarmService, SwarmTask, SwarmNode } from './types';
export { routingMeshWarning, type MeshCheck } from './routingMesh';
