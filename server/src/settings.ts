/** Settings shared by the client (package.json defaults) and the server (when a client sends none). */
export const DEFAULT_COMPOSE_GLOBS: readonly string[] = [
  'compose.yaml',
  'compose.yml',
  'docker-compose.yaml',
  'docker-compose.yml',
  'compose.*.yaml',
  'compose.*.yml',
  'docker-compose.*.yaml',
  'docker-compose.*.yml',
];

export interface DocksideSettings {
  compose: { files: string[] };
  diagnostics: { delay: number };
}

export const DEFAULT_SETTINGS: DocksideSettings = {
  compose: { files: [...DEFAULT_COMPOSE_GLOBS] },
  diagnostics: { delay: 50 },
};

/** Reads whatever a client sent, keeping defaults for anything missing or of the wrong type. */
export function readSettings(raw: unknown): DocksideSettings {
  const record = (raw ?? {}) as { compose?: { files?: unknown }; diagnostics?: { delay?: unknown } };
  const files = record.compose?.files;
  const delay = record.diagnostics?.delay;
  return {
    compose: { files: Array.isArray(files) && files.every((f) => typeof f === 'string') ? files : [...DEFAULT_COMPOSE_GLOBS] },
    diagnostics: { delay: typeof delay === 'number' && delay >= 0 ? delay : DEFAULT_SETTINGS.diagnostics.delay },
  };
}
