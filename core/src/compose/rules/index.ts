import type { ComposeRule } from '../../rules/context';
import { findDangerousBindMounts } from './dangerousBindMount';
import { findDependencyCycles } from './dependencyCycle';
import { findBuildPlatformMismatch } from './buildPlatforms';
import { findDeviceCountWithIds } from './deviceCountIds';
import { findDockerfileConflict } from './dockerfileConflict';
import { findDuplicateContainerNames } from './duplicateContainerName';
import { findDuplicateMountTargets } from './duplicateMountTarget';
import { findMissingEnvFiles, findMissingLabelFiles } from './envFileMissing';
import { findSpacedVariableNames } from './environmentSpace';
import { findExtraHostProblems } from './extraHosts';
import { findHealthcheckTestProblems } from './healthcheckTest';
import { findNegativeCounts } from './negativeNumber';
import { findNetworkModeWithNetworks } from './networkModeNetworks';
import { findNonStringKeys } from './nonStringKey';
import { findUncastableValues } from './notANumber';
import { findResourceConflicts } from './resourceConflict';
import { findExternalConflicts, findMissingSources, findSourceConflicts } from './resourceSources';
import { findScaleReplicasConflict } from './scaleReplicas';
import { findWatchProblems } from './watchTarget';
import { findHealthcheckMissing } from './healthcheckMissing';
import { findInterpolationErrors, findUnsetVariables } from './interpolationSyntax';
import { findBase60Ports } from './portBase60';
import { findDuplicateHostPorts, findPortSyntaxErrors } from './portSyntax';
import { findAllCapabilities, findHostNamespaces, findPlaintextSecrets, findPrivilegedServices } from './securitySettings';
import { findContainerNameWithReplicas, findLegacyBridgeNetwork, findMissingImage, findObsoleteVersion } from './serviceShape';
import {
  findContextServices,
  findUndefinedBuildSecrets,
  findUndefinedModels,
  findUndefinedResources,
  findUndefinedServices,
} from './undefinedReference';
import { findSwarmSupport } from './swarmSupport';
import { findUnusedResources } from './unusedResource';
import { findByteSizeSyntaxErrors, findDurationSyntaxErrors } from './unitSyntax';

/**
 * Every semantic rule for a single Compose file, in the order their findings are listed. Rules that
 * judge the whole project (is every name defined, is every volume used) are not run on partial files
 * such as `compose.override.yaml`, whose services and resources live partly in the base file.
 */
export const composeRules: ReadonlyArray<{ rule: ComposeRule; wholeProject: boolean }> = [
  { rule: findUndefinedResources, wholeProject: true },
  { rule: findUndefinedServices, wholeProject: true },
  { rule: findUndefinedBuildSecrets, wholeProject: true },
  { rule: findUndefinedModels, wholeProject: true },
  { rule: findContextServices, wholeProject: true },
  { rule: findMissingSources, wholeProject: true },
  { rule: findSourceConflicts, wholeProject: false },
  { rule: findExternalConflicts, wholeProject: false },
  { rule: findNonStringKeys, wholeProject: false },
  { rule: findUncastableValues, wholeProject: false },
  { rule: findBuildPlatformMismatch, wholeProject: false },
  { rule: findDockerfileConflict, wholeProject: false },
  { rule: findNetworkModeWithNetworks, wholeProject: false },
  { rule: findScaleReplicasConflict, wholeProject: false },
  { rule: findNegativeCounts, wholeProject: false },
  { rule: findResourceConflicts, wholeProject: false },
  { rule: findWatchProblems, wholeProject: false },
  { rule: findDuplicateMountTargets, wholeProject: false },
  { rule: findDuplicateContainerNames, wholeProject: false },
  { rule: findHealthcheckTestProblems, wholeProject: false },
  { rule: findExtraHostProblems, wholeProject: false },
  { rule: findDeviceCountWithIds, wholeProject: false },
  { rule: findSpacedVariableNames, wholeProject: false },
  { rule: findDependencyCycles, wholeProject: false },
  { rule: findHealthcheckMissing, wholeProject: true },
  { rule: findPortSyntaxErrors, wholeProject: false },
  { rule: findDuplicateHostPorts, wholeProject: false },
  { rule: findBase60Ports, wholeProject: false },
  { rule: findDurationSyntaxErrors, wholeProject: false },
  { rule: findByteSizeSyntaxErrors, wholeProject: false },
  { rule: findMissingImage, wholeProject: true },
  { rule: findContainerNameWithReplicas, wholeProject: false },
  { rule: findInterpolationErrors, wholeProject: false },
  { rule: findUnsetVariables, wholeProject: false },
  { rule: findMissingEnvFiles, wholeProject: false },
  { rule: findMissingLabelFiles, wholeProject: false },
  { rule: findUnusedResources, wholeProject: true },
  { rule: findDangerousBindMounts, wholeProject: false },
  { rule: findPrivilegedServices, wholeProject: false },
  { rule: findHostNamespaces, wholeProject: false },
  { rule: findAllCapabilities, wholeProject: false },
  { rule: findPlaintextSecrets, wholeProject: false },
  { rule: findLegacyBridgeNetwork, wholeProject: false },
  { rule: findObsoleteVersion, wholeProject: false },
  { rule: findSwarmSupport, wholeProject: false },
];
