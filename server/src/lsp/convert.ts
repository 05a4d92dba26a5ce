import { ErrorCodes, ResponseError, type ExecuteCommandParams } from 'vscode-languageserver';
import { CONVERT_COMMAND, convertFile, type ConvertArguments, type ConvertFileResult } from '@dockside/core';
import { shellEnvironment } from '@dockside/core/node';
import { URI } from './uri';
import type { Workspace } from './workspace';

/** `dockside.server.convert` (`workspace/executeCommand`): a Compose file to task definitions, or back, with its losses located. */
export function convert(workspace: Workspace, params: ExecuteCommandParams): ConvertFileResult {
  const args = params.arguments?.[0] as ConvertArguments | undefined;
  if (params.command !== CONVERT_COMMAND || !args) throw new ResponseError(ErrorCodes.InvalidParams, `Unknown command ${params.command}.`);
  const path = URI.filePath(args.uri);
  if (!path)
    throw new ResponseError(
      ErrorCodes.InvalidParams,
      'Save the file first: a conversion reads the files beside it (override files, .env, env_file).',
    );
  return convertFile({
    path,
    to: args.to,
    perService: args.perService,
    launchType: args.launchType,
    ...(args.profiles ? { profiles: args.profiles } : {}),
    host: workspace.host,
    env: shellEnvironment(),
  });
}
