import { fileURLToPath } from 'node:url';

/** The few things the server needs from a document URI. */
export const URI = {
  /** The path part, decoded (works for untitled: and other schemes too). */
  path(uri: string): string {
    try {
      return decodeURIComponent(new URL(uri).pathname);
    } catch {
      return uri;
    }
  },
  /** The file-system path for file: URIs, otherwise undefined (nothing on disk to look next to). */
  filePath(uri: string): string | undefined {
    if (!uri.startsWith('file:')) return undefined;
    try {
      return fileURLToPath(uri);
    } catch {
      return undefined;
    }
  },
};
