// Questions that Convert to Task Definition and Deploy to Amazon ECS… both ask about a Compose project.
import * as vscode from 'vscode';
import { loadProject, profileChoices, projectFilesFor } from '@dockside/core';
import { diskHost, shellEnvironment } from '@dockside/core/node';

/** `pickProfiles` for the project of a Compose file: the file with the override files beside it. */
export async function pickProfilesFor(source: vscode.Uri, title: string, verb: string): Promise<string[] | undefined | null> {
  if (source.scheme !== 'file') return undefined;
  const files = projectFilesFor(source.fsPath, diskHost());
  return pickProfiles(files.length > 1 ? files : [source.fsPath], title, verb);
}

/**
 * When the project of `files` has profiles, which to take: each profile with the services it adds, those
 * active now (COMPOSE_PROFILES) picked; the services without a profile are always taken. `verb` says
 * what is done with them ("convert", "deploy"). Undefined when there is nothing to pick, null when cancelled.
 */
export async function pickProfiles(files: readonly string[], title: string, verb: string): Promise<string[] | undefined | null> {
  // As the language server does: `.env` (which may set COMPOSE_PROFILES) is read only in a trusted workspace.
  const host = diskHost(undefined, { readsEnvFiles: vscode.workspace.isTrusted });
  const choices = profileChoices(loadProject({ files: [...files], host, env: shellEnvironment() }));
  if (choices.profiles.length === 0) return undefined;
  const picked = await vscode.window.showQuickPick(
    choices.profiles.map((choice) => ({ label: choice.profile, description: choice.services.join(', '), picked: choice.picked })),
    {
      canPickMany: true,
      title,
      placeHolder: choices.always.length
        ? `Always ${verb}ed: ${choices.always.join(', ')}. Pick the profiles whose services to add`
        : `Pick the profiles whose services to ${verb}`,
    },
  );
  return picked ? picked.map((item) => item.label) : null;
}
