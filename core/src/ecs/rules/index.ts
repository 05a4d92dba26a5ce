import type { TaskDefinitionRule } from '../context';
import { findAwslogsOptions } from './awslogsOptions';
import { findCompletionOnEssential } from './completionOnEssential';
import { findContainerCpuExceedsTask } from './containerCpuExceedsTask';
import { findContainerMemoryExceedsTask } from './containerMemoryExceedsTask';
import { findContainerMemoryMissing } from './containerMemoryMissing';
import { findContainerMemoryTooSmall } from './containerMemoryTooSmall';
import { findDependencyCycles } from './dependencyCycle';
import { findDuplicateContainerNames } from './duplicateContainerName';
import { findDuplicatePorts } from './duplicatePort';
import { findFargateNetworkMode } from './fargateNetworkMode';
import { findFargateTaskSize } from './fargateTaskSize';
import { findFargateUnsupported } from './fargateUnsupported';
import { findHealthcheckCommandErrors } from './healthcheckCommand';
import { findHealthyWithoutHealthcheck } from './healthyWithoutHealthcheck';
import { findHostPortMismatch } from './hostPortMismatch';
import { findImageReferenceErrors } from './imageReference';
import { findMemoryReservationExceedsMemory } from './memoryReservationExceedsMemory';
import { findNetworkModeUnsupported } from './networkModeUnsupported';
import { findNoEssentialContainer } from './noEssentialContainer';
import { findPlaintextSecrets } from './plaintextSecret';
import { findPrivileged } from './privileged';
import { findAllCapabilities, findHostModes } from './hostAccess';
import { findReadOnlyFields } from './readOnlyField';
import { findRootUser } from './rootUser';
import { findSecretReferenceErrors } from './secretReference';
import { findTaskSizeErrors } from './taskSize';
import { findTaskSizeNumbers } from './taskSizeNumber';
import { findTooManyContainers } from './tooManyContainers';
import { findUndefinedContainers } from './undefinedContainer';
import { findUndefinedVolumes } from './undefinedVolume';
import { findUnusedVolumes } from './unusedVolume';

/** Every semantic rule for a task definition. Findings are sorted by position afterwards. */
export const taskDefinitionRules: readonly TaskDefinitionRule[] = [
  // What registration rejects.
  findFargateNetworkMode,
  findFargateTaskSize,
  findFargateUnsupported,
  findTaskSizeErrors,
  findNetworkModeUnsupported,
  findHostPortMismatch,
  findTooManyContainers,
  findDuplicateContainerNames,
  findNoEssentialContainer,
  findContainerCpuExceedsTask,
  findContainerMemoryExceedsTask,
  findContainerMemoryMissing,
  findMemoryReservationExceedsMemory,
  findUndefinedContainers,
  findDependencyCycles,
  findUndefinedVolumes,
  findHealthcheckCommandErrors,
  // What fails when a task starts.
  findHealthyWithoutHealthcheck,
  findDuplicatePorts,
  findSecretReferenceErrors,
  findImageReferenceErrors,
  findAwslogsOptions,
  findContainerMemoryTooSmall,
  findCompletionOnEssential,
  // Risky, or tidier another way.
  findPlaintextSecrets,
  findPrivileged,
  findHostModes,
  findAllCapabilities,
  findRootUser,
  findTaskSizeNumbers,
  findUnusedVolumes,
  findReadOnlyFields,
];
