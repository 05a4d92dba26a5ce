import type { Finding } from '../../types';
import type { ComposeRule } from '../../rules/context';
import { asRecord, dependsOnOf, servicesOf, type Json } from '../model';

function hasHealthcheck(service: Json): boolean {
  const check = asRecord(service['healthcheck']);
  if (!check || check['disable'] === true) return false;
  const test = check['test'];
  if (Array.isArray(test) && test[0] === 'NONE') return false;
  return test !== undefined;
}

/** `condition: service_healthy` waits forever, or fails, when the service has no healthcheck. */
export const findHealthcheckMissing: ComposeRule = (ctx) => {
  const services = new Map(servicesOf(ctx.file));
  const findings: Finding[] = [];
  for (const [name, service] of services) {
    for (const dep of dependsOnOf(name, service)) {
      if (dep.condition !== 'service_healthy') continue;
      const target = services.get(dep.name);
      if (!target || hasHealthcheck(target)) continue;
      findings.push({
        code: 'compose/healthcheck-missing',
        severity: 'warning',
        message: `Service "${name}" waits for "${dep.name}" to be healthy, but "${dep.name}" has no healthcheck here. Unless its image defines one, Compose cannot start "${name}".`,
        span: ctx.span([...dep.path, 'condition'], 'value'),
        related: [{ span: ctx.span(['services', dep.name], 'key'), message: `Add a "healthcheck" to "${dep.name}".` }],
      });
    }
  }
  return findings;
};
