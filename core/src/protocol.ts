/**
 * Dockside's own requests between client and server, typed once for both sides. Plain names and shapes:
 * the client and the server each wrap them in their own library's request type.
 */

export interface EffectiveConfigurationParams {
  uri: string;
}

export interface EffectiveConfigurationResult {
  /** The merged, interpolated project as YAML. */
  yaml: string;
  /** The files merged, base first. */
  files: string[];
  /** Problems met while loading (unset variables, missing files), as plain sentences. */
  problems: string[];
}

export const EFFECTIVE_CONFIGURATION_METHOD = 'dockside/effectiveConfiguration';

/** `workspace/executeCommand` that converts a file, so any LSP editor can convert too. */
export const CONVERT_COMMAND = 'dockside.server.convert';

export interface ConvertArguments {
  uri: string;
  to: 'ecs' | 'compose';
  perService?: boolean;
  launchType?: 'FARGATE' | 'EC2';
  /** Active profiles; when absent, COMPOSE_PROFILES (from the environment or `.env`) decides. */
  profiles?: string[];
}
