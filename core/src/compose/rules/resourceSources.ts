/**
 * The top-level secrets and configs say where their content comes from, in exactly one way; an
 * external volume is only named, never configured. Compose refuses a project that breaks these.
 */
import type { Finding } from '../../types';
import type { ComposeContext, ComposeRule } from '../../rules/context';
import { asRecord, entriesOf, mountsOf, servicesOf, type Json } from '../model';
import { projectSection } from './serviceView';

const SOURCES = { secrets: ['file', 'environment'], configs: ['file', 'environment', 'content'] } as const;
const NOUN = { secrets: 'Secret', configs: 'Config', volumes: 'Volume', networks: 'Network' } as const;

/** This file's declarations in a section, each with what Compose will see for it (the merged one when there is a project). */
function declarations(ctx: ComposeContext, section: keyof typeof NOUN): Array<{ name: string; own: Json; judged: Json }> {
  const merged = projectSection(ctx, section);
  return entriesOf(asRecord(ctx.file)?.[section]).flatMap(([name, value]) => {
    const own = asRecord(value);
    if (!own) return [];
    return [{ name, own, judged: asRecord(merged[name]) ?? own }];
  });
}

/** External, or possibly so: an `external` Compose cannot read as false is judged by its own finding. */
function isExternal(declaration: Json): boolean {
  const external = declaration['external'];
  return external !== undefined && external !== false && external !== 'false';
}

/** A secret or config that names no source at all; a bind mount without a host path. */
export const findMissingSources: ComposeRule = (ctx) => {
  const findings: Finding[] = [];
  for (const section of ['secrets', 'configs'] as const) {
    const keys = SOURCES[section];
    for (const { name, judged } of declarations(ctx, section)) {
      if (isExternal(judged) || keys.some((key) => judged[key] !== undefined)) continue;
      // A config's driver may bring its own content; a secret still needs file or environment.
      if (section === 'configs' && judged['driver'] !== undefined) continue;
      const ways = section === 'secrets' ? '"file" (a path) or "environment" (a variable name)' : '"file", "environment" or "content"';
      findings.push({
        code: 'compose/missing-source',
        severity: 'error',
        message: `${NOUN[section]} "${name}" has no source: give ${ways}, or "external: true" for one that already exists.`,
        span: ctx.span([section, name], 'key'),
      });
    }
  }
  for (const [service, value] of servicesOf(ctx.file)) {
    for (const mount of mountsOf(service, value)) {
      if (mount.type !== 'bind' || (mount.source !== undefined && mount.source !== '')) continue;
      findings.push({
        code: 'compose/missing-source',
        severity: 'error',
        message: `A bind mount of service "${service}" has no "source": say which host path to mount${mount.target ? ` at "${mount.target}"` : ''}.`,
        span: ctx.span(mount.path, 'auto'),
      });
    }
  }
  return findings;
};

/** A secret or config with two sources: Compose takes exactly one. */
export const findSourceConflicts: ComposeRule = (ctx) => {
  const findings: Finding[] = [];
  for (const section of ['secrets', 'configs'] as const) {
    for (const { name, own, judged } of declarations(ctx, section)) {
      const given = SOURCES[section].filter((key) => judged[key] !== undefined);
      const at = given.slice(1).find((key) => own[key] !== undefined) ?? given.find((key) => own[key] !== undefined);
      if (given.length < 2 || !at) continue;
      findings.push({
        code: 'compose/source-conflict',
        severity: 'error',
        message: `${NOUN[section]} "${name}" sets ${given.map((key) => `"${key}"`).join(' and ')}; Compose takes exactly one source. Keep one of them.`,
        span: ctx.span([section, name, at], 'key'),
      });
    }
  }
  return findings;
};

const EXTERNAL_ALLOWS = new Set(['name', 'external']);

/** An external volume with settings Compose would have to apply; a name given twice, differently. */
export const findExternalConflicts: ComposeRule = (ctx) => {
  const findings: Finding[] = [];
  for (const { name, own, judged } of declarations(ctx, 'volumes')) {
    if (judged['external'] !== true && judged['external'] !== 'true') continue;
    for (const key of Object.keys(own)) {
      if (EXTERNAL_ALLOWS.has(key) || key.startsWith('x-')) continue;
      findings.push({
        code: 'compose/external-conflict',
        severity: 'error',
        message: `Volume "${name}" is external, so Compose does not create it and refuses "${key}" here. Remove "${key}", or remove "external: true" to let Compose create the volume.`,
        span: ctx.span(['volumes', name, key], 'key'),
      });
    }
  }
  for (const section of ['networks', 'volumes', 'secrets', 'configs'] as const) {
    for (const { name, own } of declarations(ctx, section)) {
      const externalName = asRecord(own['external'])?.['name'];
      if (externalName === undefined || own['name'] === undefined || externalName === own['name']) continue;
      findings.push({
        code: 'compose/external-conflict',
        severity: 'error',
        message: `${NOUN[section]} "${name}" sets "name: ${String(own['name'])}" and the obsolete "external.name: ${String(externalName)}"; Compose refuses two names. Keep "name" and write "external: true".`,
        span: ctx.span([section, name, 'external', 'name'], 'key'),
      });
    }
  }
  return findings;
};
