import type { Finding } from '../../types';
import type { ComposeContext, ComposeRule } from '../../rules/context';
import { asRecord, dependsOnOf, extendsOf, grantsOf, hasInterpolation, mountsOf, namesOf, servicesOf, serviceDependencies, type Reference } from '../model';
import { closest } from '../../suggest';

type Section = 'networks' | 'volumes' | 'secrets' | 'configs';

const NOUN: Record<Section, string> = { networks: 'network', volumes: 'volume', secrets: 'secret', configs: 'config' };

function declared(ctx: ComposeContext, section: Section | 'services'): Set<string> {
  return new Set(Object.keys(asRecord(asRecord(ctx.file)?.[section]) ?? {}));
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

function undefinedFinding(ctx: ComposeContext, ref: Reference, noun: string, known: Set<string>, hint: string): Finding {
  const suggestion = closest(ref.name, known);
  const sectionSpan = known.size > 0 || noun === 'service' ? ctx.span([`${noun === 'service' ? 'services' : `${noun}s`}`], 'key') : undefined;
  return {
    code: `compose/undefined-${noun}`,
    severity: 'error',
    message: `Undefined ${noun} "${ref.name}".${suggestion ? ` Did you mean "${suggestion}"?` : ` ${hint}`}`,
    span: ctx.spanWithin(ref.path, ref.within),
    related: sectionSpan ? [{ span: sectionSpan, message: `${noun[0]!.toUpperCase()}${noun.slice(1)}s are declared here.` }] : undefined,
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
      findings.push(undefinedFinding(ctx, ref, 'service', known, 'No service by that name is defined in this file.'));
    }
  }
  return findings;
};

export { dependsOnOf };
