import type { ComposeRule } from '../../rules/context';
import { findDangerousBindMounts } from './dangerousBindMount';
import { findDependencyCycles } from './dependencyCycle';
import { findMissingEnvFiles } from './envFileMissing';
import { findHealthcheckMissing } from './healthcheckMissing';
import { findInterpolationErrors, findUnsetVariables } from './interpolationSyntax';
import { findBase60Ports } from './portBase60';
import { findDuplicateHostPorts, findPortSyntaxErrors } from './portSyntax';
import { findAllCapabilities, findHostNamespaces, findPlaintextSecrets, findPrivilegedServices } from './securitySettings';
import { findContainerNameWithReplicas, findLegacyBridgeNetwork, findMissingImage, findObsoleteVersion } from './serviceShape';
import { findUndefinedResources, findUndefinedServices } from './undefinedReference';
import { findUnusedResources } from './unusedResource';
import { findByteSizeSyntaxErrors, findDurationSyntaxErrors, findNumberSyntaxErrors } from './unitSyntax';

/**
 * Every semantic rule for a single Compose file, in the order their findings are listed. Rules that
 * judge the whole project (is every name defined, is every volume used) are not run on partial files
 * such as `compose.override.yaml`, whose services and resources live partly in the base file.
 */
export const composeRules: ReadonlyArray<{ rule: ComposeRule; wholeProject: boolean }> = [
  { rule: findUndefinedResources, wholeProject: true },
  { rule: findUndefinedServices, wholeProject: true },
  { rule: findDependencyCycles, wholeProject: false },
  { rule: findHealthcheckMissing, wholeProject: true },
  { rule: findPortSyntaxErrors, wholeProject: false },
  { rule: findDuplicateHostPorts, wholeProject: false },
  { rule: findBase60Ports, wholeProject: false },
  { rule: findDurationSyntaxErrors, wholeProject: false },
  { rule: findByteSizeSyntaxErrors, wholeProject: false },
  { rule: findNumberSyntaxErrors, wholeProject: false },
  { rule: findMissingImage, wholeProject: true },
  { rule: findContainerNameWithReplicas, wholeProject: false },
  { rule: findInterpolationErrors, wholeProject: false },
  { rule: findUnsetVariables, wholeProject: false },
  { rule: findMissingEnvFiles, wholeProject: false },
  { rule: findUnusedResources, wholeProject: true },
  { rule: findDangerousBindMounts, wholeProject: false },
  { rule: findPrivilegedServices, wholeProject: false },
  { rule: findHostNamespaces, wholeProject: false },
  { rule: findAllCapabilities, wholeProject: false },
  { rule: findPlaintextSecrets, wholeProject: false },
  { rule: findLegacyBridgeNetwork, wholeProject: false },
  { rule: findObsoleteVersion, wholeProject: false },
];
