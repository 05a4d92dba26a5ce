import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const projectRoot = resolve(__dirname, '..', '..');
export const fixtures = resolve(projectRoot, 'test', 'fixtures');
/** The shared corpus beside the project, present on developer machines and in CI, absent in a user's clone. */
export const sharedCorpus = resolve(projectRoot, '..', 'shared', 'corpus');
export const hasSharedCorpus = existsSync(sharedCorpus);
