import type { Plugin } from 'esbuild';

export function generateValidatorModules(root?: string): Promise<{ modules: Record<string, string>; languageOf: Record<string, string> }>;
export function standaloneValidators(root?: string): Plugin;
