// Read-only documents for volumes: `dockside-volume:/<volume>.json?inspect` holds the engine's inspect
// output, `dockside-volume:/<volume>/<path>?file` a file read out of the volume by the helper container.
import * as vscode from 'vscode';
import { inspectVolume, readVolumeFile } from '@dockside/engine';
import type { DocksideContext } from '../ctx';

export const VOLUME_SCHEME = 'dockside-volume';

export function inspectUri(volume: string): vscode.Uri {
  return vscode.Uri.from({ scheme: VOLUME_SCHEME, path: `/${volume}.json`, query: 'inspect' });
}

export function fileUri(volume: string, path: string): vscode.Uri {
  return vscode.Uri.from({ scheme: VOLUME_SCHEME, path: `/${volume}${path.startsWith('/') ? path : `/${path}`}`, query: 'file' });
}

/** Volume names have no "/", so the first path segment is the volume and the rest the file's path. */
function splitFileUri(uri: vscode.Uri): { volume: string; path: string } {
  const [, volume = '', ...rest] = uri.path.split('/');
  return { volume, path: `/${rest.join('/')}` };
}

class VolumeDocuments implements vscode.TextDocumentContentProvider {
  constructor(private readonly ctx: DocksideContext) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const docker = this.ctx.session.docker;
    if (!docker) return 'The Docker Engine is not connected.';
    if (uri.query === 'inspect')
      return `${JSON.stringify(await inspectVolume(docker, uri.path.slice(1).replace(/\.json$/, '')), null, 2)}\n`;
    const { volume, path } = splitFileUri(uri);
    const bytes = await readVolumeFile(docker, volume, path, { helperImage: this.ctx.helperImage });
    return looksBinary(bytes)
      ? `(${path} in volume "${volume}" is a binary file of ${bytes.length} bytes; use Download to save it.)`
      : bytes.toString('utf8');
  }
}

function looksBinary(bytes: Buffer): boolean {
  return bytes.subarray(0, 8000).includes(0);
}

export function registerVolumeDocuments(ctx: DocksideContext): vscode.Disposable {
  return vscode.workspace.registerTextDocumentContentProvider(VOLUME_SCHEME, new VolumeDocuments(ctx));
}
