import { asBoolean } from '../convert/values';
import { asRecord, asString, type Json } from '../ecs/model';

/**
 * The name the engine knows a project's volume or network by: `name:` (or an external one's own
 * name) when given, the key itself for an external one, otherwise `<project>_<key>`, as Compose does.
 */
export function resourceEngineName(
  projectName: string,
  key: string,
  declared: Json | undefined,
): { engineName: string; external: boolean } {
  const external = asBoolean(declared?.['external']) === true || asRecord(declared?.['external']) !== undefined;
  const explicit = asString(declared?.['name']) ?? asString(asRecord(declared?.['external'])?.['name']);
  return { engineName: explicit ?? (external ? key : `${projectName}_${key}`), external };
}
