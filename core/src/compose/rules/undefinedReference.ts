import { appendToMap, replaceKeepingQuotes } from '../../edit/yamlEdits';
import type { Finding, Fix, Span } from '../../types';
import type { ComposeContext, ComposeRule } from '../../rules/context';
import {
  asRecord,
  dependsOnOf,
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
function declared(ctx: ComposeContext, section: Section | 'services'): Set<string> {
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
      findings.push(undefinedFinding(ctx, ref, 'service', known, 'No service by that name is defined in this file.'));
    }
  }
  return findings;
};

export { dependsOnOf };
