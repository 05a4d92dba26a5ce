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

/**
 * Client commands the server may put in code lenses. A client lists those it has in
 * `initializationOptions.clientCommands`; the server offers the "Run all" / "Run service" lenses of a
 * Compose file only to a client that has both, so other editors get no lens they cannot run.
 */
export const RUN_SERVICE_COMMAND = 'dockside.compose.runService';
export const RUN_ALL_COMMAND = 'dockside.compose.runAll';

/** A position in a document, as LSP counts it (0-based, UTF-16 units). */
export interface DocumentPosition {
  textDocument: { uri: string };
  position: { line: number; character: number };
}

/**
 * `dockside/volumeAt`: the named volume under the cursor in a Compose file (where a service mounts it or
 * where it is declared), by the name the engine knows it by. The server knows the project; the client
 * asks the engine and adds the volume's live state to the hover.
 */
export const VOLUME_AT_METHOD = 'dockside/volumeAt';

export interface VolumeAtResult {
  engineName: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}
