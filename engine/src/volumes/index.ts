// The volumes API the Volumes view and its commands call. No `vscode` import: the tests and the CLI use it too.
export type { VolumeSummary, VolumeUser } from './summary';
export { isAnonymousVolume } from './summary';
export { VolumeExistsError, VolumeInUseError, VolumeNotFoundError, describeUsers } from './errors';
export type { ListVolumesOptions, PruneResult, VolumeSpec } from './lifecycle';
export { createVolume, inspectVolume, listVolumes, pruneVolumes, removeVolume, unusedVolumes, usersOfVolume } from './lifecycle';
export type { HelperOptions } from './helper';
export { HELPER_LABEL, HELPER_VOLUME_LABEL, removeLeftoverHelpers } from './helper';
export type { ExportResult } from './transfer';
export { cloneVolume, downloadVolume, emptyVolume, exportVolume, importVolume } from './transfer';
export type { VolumeEntry } from './browse';
export { DEFAULT_MAX_READ_BYTES, browseVolume, downloadVolumeFile, readVolumeFile } from './browse';
export { VolumePathError } from './paths';
