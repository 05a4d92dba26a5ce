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
  // The names `docker stack deploy -c` is usually given: checked as Compose, and for Swarm (see isMeantForSwarm).
  'docker-stack.yaml',
  'docker-stack.yml',
  'docker-stack.*.yaml',
  'docker-stack.*.yml',
];

export const DEFAULT_TASK_DEFINITION_GLOBS: readonly string[] = [
  '*task-definition*.json',
  '*task-def*.json',
  '*taskdef*.json',
  '*taskdefinition*.json',
  '.aws/*.json',
];

export interface DocksideSettings {
  compose: { files: string[] };
  taskDefinition: { files: string[] };
  diagnostics: { enable: boolean; delay: number };
  completion: { enable: boolean };
  hover: { enable: boolean };
  outline: { enable: boolean };
  quickFixes: { enable: boolean };
}

export const DEFAULT_SETTINGS: DocksideSettings = {
  compose: { files: [...DEFAULT_COMPOSE_GLOBS] },
  taskDefinition: { files: [...DEFAULT_TASK_DEFINITION_GLOBS] },
  diagnostics: { enable: true, delay: 50 },
  completion: { enable: true },
  hover: { enable: true },
  outline: { enable: true },
  quickFixes: { enable: true },
};

function at(raw: unknown, section: string, key: string): unknown {
  const group = (raw as Record<string, unknown> | null | undefined)?.[section];
  return group && typeof group === 'object' ? (group as Record<string, unknown>)[key] : undefined;
}

function globs(value: unknown, fallback: readonly string[]): string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : [...fallback];
}

function flag(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

/** Reads whatever a client sent, keeping defaults for anything missing or of the wrong type. */
export function readSettings(raw: unknown): DocksideSettings {
  const delay = at(raw, 'diagnostics', 'delay');
  const d = DEFAULT_SETTINGS;
  return {
    compose: { files: globs(at(raw, 'compose', 'files'), d.compose.files) },
    taskDefinition: { files: globs(at(raw, 'taskDefinition', 'files'), d.taskDefinition.files) },
    diagnostics: {
      enable: flag(at(raw, 'diagnostics', 'enable'), d.diagnostics.enable),
      delay: typeof delay === 'number' && delay >= 0 ? delay : d.diagnostics.delay,
    },
    completion: { enable: flag(at(raw, 'completion', 'enable'), true) },
    hover: { enable: flag(at(raw, 'hover', 'enable'), true) },
    outline: { enable: flag(at(raw, 'outline', 'enable'), true) },
    quickFixes: { enable: flag(at(raw, 'quickFixes', 'enable'), true) },
  };
}
