// What the local control plane refuses, named as the ECS API names it (`ClusterNotFoundException`,
// `ClientException`, …), so the endpoint answers with the very error an SDK expects and the sidebar shows
// the same sentence.

export type EcsErrorCode =
  | 'ClientException'
  | 'InvalidParameterException'
  | 'ClusterNotFoundException'
  | 'ClusterContainsServicesException'
  | 'ClusterContainsTasksException'
  | 'ServiceNotFoundException'
  | 'ServiceNotActiveException'
  | 'ResourceNotFoundException'
  | 'ResourceAlreadyExistsException'
  | 'ServerException';

export class EcsError extends Error {
  constructor(
    readonly code: EcsErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function clusterNotFound(): EcsError {
  return new EcsError('ClusterNotFoundException', 'Cluster not found.');
}

export function serviceNotFound(): EcsError {
  return new EcsError('ServiceNotFoundException', 'Service not found.');
}
