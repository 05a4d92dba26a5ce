// The volumes API the Volumes view and its commands call. No `vscode` import: the tests and the CLI use it too.
export type { VolumeSummary, VolumeUser } from './summary';
export { COMPOSE_PROJECT_LABEL, COMPOSE_SERVICE_LABEL, isAnonymousVolume } from './summary';
export { VolumeExistsError, VolumeInUseError, VolumeNotFoundError, describeUsers } from './errors';
export type { ListVolumesOptions, PruneResult, VolumeSpec } from './lifecycle';
export { createVolume, inspectVolume, listVolumes, pruneVolumes, removeVolume, unusedVolumes, usersOfVolume } from './lifecycle';
