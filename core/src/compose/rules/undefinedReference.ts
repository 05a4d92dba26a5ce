import { appendToMap, replaceKeepingQuotes } from '../../edit/yamlEdits';
import type { Finding, Fix, Span } from '../../types';
import type { ComposeContext, ComposeRule } from '../../rules/context';
import {
  asRecord,
  dependsOnOf,
  entriesOf,
  extendsOf,
  grantsOf,
  hasInterpolation,
  mountsOf,
  namesOf,
  servicesOf,
  serviceDependencies,
  type Reference,
} from '../model';
import { closest } from '../../suggest';

type Section = 'networks' | 'volumes' | 'secrets' | 'configs';

const NOUN: Record<Section, string> = { networks: 'network', volumes: 'volume', secrets: 'secret', configs: 'config' };

/** Names declared in this file, or anywhere in the project when the file is one of several. */
function declared(ctx: ComposeContext, section: Section | 'services' | 'models'): Set<string> {
  return new Set(Object.keys(asRecord(asRecord(ctx.project ?? ctx.file)?.[section]) ?? {}));
}

function referencesTo(ctx: ComposeContext, section: Section): Reference[] {
  return servicesOf(ctx.file).flatMap(([name, service]) => {
    switch (section) {
      case 'networks':
        return namesOf(service['networks'], ['services', name, 'networks']);
      case 'volumes':
        return mountsOf(name, service).flatMap((m) =>
          m.type === 'volume' && m.source ? [{ name: m.source, path: m.path, within: m.within }] : [],
        );
      default:
        return grantsOf(name, service, section);
    }
  });
}

/** What a new top-level declaration looks like; secrets and configs need a source, here a placeholder file. */
function declaration(noun: string, name: string): string {
  return noun === 'secret' || noun === 'config' ? `${name}:\n  file: ./${name}.txt` : `${name}:`;
}

/**
 * Where a reference is written: inside its string, or — for a name written as a map key
 * (`depends_on: {db: {condition: …}}`, `networks: {back: {aliases: …}}`) — on the key itself.
 */
function referenceSpan(ctx: ComposeContext, ref: Reference): Span {
  const last = ref.path[ref.path.length - 1];
  const parent = ref.path[ref.path.length - 2];
  const writtenAsKey = !ref.within && last === ref.name && (parent === 'depends_on' || parent === 'networks');
  return writtenAsKey ? ctx.span(ref.path, 'key') : ctx.spanWithin(ref.path, ref.within);
}

function fixesFor(ctx: ComposeContext, ref: Reference, noun: string, suggestion: string | undefined): Fix[] {
  const fixes: Fix[] = [];
  if (suggestion) {
    const span = referenceSpan(ctx, ref);
    const edit = ref.within ? { span, newText: suggestion } : replaceKeepingQuotes(ctx.text, span, suggestion);
    fixes.push({ title: `Change to "${suggestion}"`, edits: [edit], preferred: true });
  }
  if (noun !== 'service') {
    const edit = appendToMap(ctx.doc, ctx.text, [`${noun}s`], declaration(noun, ref.name));
    if (edit) fixes.push({ title: `Declare ${noun} "${ref.name}"`, edits: [edit], preferred: !suggestion });
  }
  return fixes;
}

function undefinedFinding(ctx: ComposeContext, ref: Reference, noun: string, known: Set<string>, hint: string): Finding {
  const suggestion = closest(ref.name, known);
  const sectionSpan =
    known.size > 0 || noun === 'service' ? ctx.span([`${noun === 'service' ? 'services' : `${noun}s`}`], 'key') : undefined;
  return {
    code: `compose/undefined-${noun}`,
    severity: 'error',
    message: `Undefined ${noun} "${ref.name}".${suggestion ? ` Did you mean "${suggestion}"?` : ` ${hint}`}`,
    span: referenceSpan(ctx, ref),
    related: sectionSpan ? [{ span: sectionSpan, message: `${noun[0]!.toUpperCase()}${noun.slice(1)}s are declared here.` }] : undefined,
    fixes: fixesFor(ctx, ref, noun, suggestion),
  };
}

/** A service may only use networks, volumes, secrets and configs the file declares at the top level. */
export const findUndefinedResources: ComposeRule = (ctx) => {
  const findings: Finding[] = [];
  for (const section of ['networks', 'volumes', 'secrets', 'configs'] as const) {
    const known = declared(ctx, section);
    const noun = NOUN[section];
    for (const ref of referencesTo(ctx, section)) {
      if (known.has(ref.name) || hasInterpolation(ref.name)) continue;
      if (section === 'networks' && ref.name === 'default') continue;
      findings.push(undefinedFinding(ctx, ref, noun, known, `Declare it under the top-level "${section}:" key.`));
    }
  }
  return findings;
};

/** depends_on, links, extends, volumes_from and network_mode "service:x" must name services of this file. */
export const findUndefinedServices: ComposeRule = (ctx) => {
  const known = declared(ctx, 'services');
  const findings: Finding[] = [];
  for (const [name, service] of servicesOf(ctx.file)) {
    const refs = [...serviceDependencies(name, service)];
    const base = extendsOf(name, service);
    if (base) refs.push(base);
    for (const ref of refs) {
      if (known.has(ref.name) || hasInterpolation(ref.name)) continue;
      const where = ctx.project ? 'in this project' : 'in this file';
      findings.push(undefinedFinding(ctx, ref, 'service', known, `No service by that name is defined ${where}.`));
    }
  }
  return findings;
};

/** Secrets a service's build mounts: short strings or `{ source }`, as for the service's own secrets. */
function buildSecretsOf(serviceName: string, service: Record<string, unknown>): Reference[] {
  const secrets = asRecord(service['build'])?.['secrets'];
  if (!Array.isArray(secrets)) return [];
  return secrets.flatMap((entry, i) => {
    const path = ['services', serviceName, 'build', 'secrets', i];
    if (typeof entry === 'string') return [{ name: entry, path }];
    const source = asRecord(entry)?.['source'];
    return typeof source === 'string' ? [{ name: source, path: [...path, 'source'] }] : [];
  });
}

/** `build.secrets` must name top-level secrets, as the service's own `secrets` do. */
export const findUndefinedBuildSecrets: ComposeRule = (ctx) => {
  const known = declared(ctx, 'secrets');
  return servicesOf(ctx.file).flatMap(([name, service]) =>
    buildSecretsOf(name, service).flatMap((ref): Finding[] => {
      if (known.has(ref.name) || hasInterpolation(ref.name)) return [];
      const finding = undefinedFinding(ctx, ref, 'secret', known, 'Declare it under the top-level "secrets:" key.');
      return [
        {
          ...finding,
          code: 'compose/undefined-build-secret',
          message: `Undefined build secret${finding.message.slice('Undefined secret'.length)}`,
        },
      ];
    }),
  );
};

/** A service's `models` (a list or a map) must name top-level models. */
export const findUndefinedModels: ComposeRule = (ctx) => {
  const known = declared(ctx, 'models');
  return servicesOf(ctx.file).flatMap(([name, service]) =>
    namesOf(service['models'], ['services', name, 'models']).flatMap((ref): Finding[] => {
      if (known.has(ref.name) || hasInterpolation(ref.name)) return [];
      const suggestion = closest(ref.name, known);
      const span = Array.isArray(service['models']) ? ctx.span(ref.path, 'value') : ctx.span(ref.path, 'key');
      return [
        {
          code: 'compose/undefined-model',
          severity: 'error',
          message: `Undefined model "${ref.name}".${suggestion ? ` Did you mean "${suggestion}"?` : ' Declare it under the top-level "models:" key.'}`,
          span,
        },
      ];
    }),
  );
};

/**
 * `build.additional_contexts` may name another service's image (`service:base`): that service must
 * exist, and Compose must be able to build it first.
 */
export const findContextServices: ComposeRule = (ctx) => {
  const services = asRecord(asRecord(ctx.project ?? ctx.file)?.['services']) ?? {};
  const known = new Set(Object.keys(services));
  return servicesOf(ctx.file).flatMap(([name, service]) =>
    entriesOf(asRecord(service['build'])?.['additional_contexts']).flatMap(([context, value]): Finding[] => {
      if (typeof value !== 'string' || !value.startsWith('service:')) return [];
      const target = value.slice('service:'.length);
      if (hasInterpolation(target)) return [];
      const path = ['services', name, 'build', 'additional_contexts', context];
      const span = ctx.spanWithin(path, { start: 'service:'.length, length: target.length });
      if (!known.has(target)) {
        const suggestion = closest(target, known);
        return [
          {
            code: 'compose/undefined-context-service',
            severity: 'error',
            message: `The build context "${context}" of service "${name}" names service "${target}", which is not defined.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
            span,
          },
        ];
      }
      if (asRecord(services[target])?.['build'] !== undefined) return [];
      return [
        {
          code: 'compose/context-service-no-build',
          severity: 'error',
          message: `The build context "${context}" of service "${name}" uses the image Compose builds for "${target}", but "${target}" has no "build". Give "${target}" a "build", or use "docker-image://IMAGE" to start from its image.`,
          span,
        },
      ];
    }),
  );
};

export { dependsOnOf };
