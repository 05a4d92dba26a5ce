// The ECS API endpoint (`dockside ecs serve`): the server and what it serves.
export { DEFAULT_ENDPOINT_PORT, DEFAULT_MAX_BODY_BYTES, EcsEndpoint, SERVED_OPERATIONS, type EcsEndpointOptions } from './server';
