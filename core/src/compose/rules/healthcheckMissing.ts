import { appendToMap } from '../../edit/yamlEdits';
import type { Finding, Fix } from '../../types';
import type { ComposeRule, RuleContext } from '../../rules/context';
import { asRecord, dependsOnOf, servicesOf, type Json } from '../model';

function hasHealthcheck(service: Json): boolean {
  const check = asRecord(service['healthcheck']);
  if (!check || check['disable'] === true) return false;
  const test = check['test'];
  if (Array.isArray(test) && test[0] === 'NONE') return false;
  return test !== undefined;
}

const HEALTHCHECK_SKELETON = [
  'healthcheck:',
  '  test: ["CMD", "true"]  # replace with a command that succeeds only when the service is ready',
  '  interval: 10s',
  '  timeout: 5s',
  '  retries: 3',
  '  start_period: 10s',
].join('\n');

function healthcheckFix(ctx: RuleContext, service: string): Fix[] {
  const edit = appendToMap(ctx.doc, ctx.text, ['services', service], HEALTHCHECK_SKELETON);
  return edit ? [{ title: `Add a healthcheck to "${service}"`, edits: [edit] }] : [];
}

/** `condition: service_healthy` waits forever, or fails, when the service has no healthcheck. */
export const findHealthcheckMissing: ComposeRule = (ctx) => {
  // The service waited on may be completed by another file of the project (its healthcheck there).
  const services = new Map(servicesOf(ctx.project ?? ctx.file));
  const findings: Finding[] = [];
  for (const [name, service] of servicesOf(ctx.file)) {
    for (const dep of dependsOnOf(name, service)) {
      if (dep.condition !== 'service_healthy') continue;
      const target = services.get(dep.name);
      if (!target || hasHealthcheck(target)) continue;
      // `required: false` makes the dependency optional: Compose warns and starts the service anyway.
      const options = asRecord(asRecord(service['depends_on'])?.[dep.name]);
      const optional = options?.['required'] === false || options?.['required'] === 'false';
      const outcome = optional
        ? `Compose warns that the optional dependency "${dep.name}" failed to start, and starts "${name}" without waiting for it to be ready.`
        : `"docker compose up" stops with "dependency failed to start: container … has no healthcheck configured", and "${name}" does not start.`;
      findings.push({
        code: 'compose/healthcheck-missing',
        severity: 'warning',
        message: `Service "${name}" waits for "${dep.name}" to be healthy, but "${dep.name}" has no healthcheck here. Unless its image defines one, ${outcome}`,
        span: ctx.span([...dep.path, 'condition'], 'value'),
        related: [{ span: ctx.span(['services', dep.name], 'key'), message: `Add a "healthcheck" to "${dep.name}".` }],
        fixes: healthcheckFix(ctx, dep.name),
      });
    }
  }
  return findings;
};
