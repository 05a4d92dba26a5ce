import type { ComposeRule } from '../context';
import { findDangerousBindMounts } from './dangerousBindMount';
import { findDependencyCycles } from './dependencyCycle';
import { findMissingEnvFiles } from './envFileMissing';
import { findHealthcheckMissing } from './healthcheckMissing';
import { findInterpolationErrors } from './interpolationSyntax';
import { findDuplicateHostPorts, findPortSyntaxErrors } from './portSyntax';
import { findContainerNameWithReplicas, findMissingImage, findObsoleteVersion } from './serviceShape';
import { findUndefinedResources, findUndefinedServices } from './undefinedReference';
import { findUnusedResources } from './unusedResource';
import { findByteSizeSyntaxErrors, findDurationSyntaxErrors } from './unitSyntax';

/** Every semantic rule for a single Compose file, in the order their findings are listed. */
export const composeRules: ReadonlyArray<ComposeRule> = [
  findUndefinedResources,
  findUndefinedServices,
  findDependencyCycles,
  findHealthcheckMissing,
  findPortSyntaxErrors,
  findDuplicateHostPorts,
  findDurationSyntaxErrors,
  findByteSizeSyntaxErrors,
  findMissingImage,
  findContainerNameWithReplicas,
  findInterpolationErrors,
  findMissingEnvFiles,
  findUnusedResources,
  findDangerousBindMounts,
  findObsoleteVersion,
];
