import type { Finding } from '../../types';
import type { ComposeRule } from '../../rules/context';
import { entriesOf } from '../model';
import { resolvedValue, serviceViews } from './serviceView';

/** Why Compose refuses an `extra_hosts` list entry, read as "host=ip" or "host:ip"; undefined when fine. */
function hostEntryProblem(entry: string): string | undefined {
  if (entry.trim() === '') return 'it is empty: write "name=IP"';
  const separator = ['=', ':'].find((sep) => entry.includes(sep));
  if (!separator) return `"${entry}" has no address: write "${entry}=IP" (or "${entry}:IP")`;
  const host = entry.slice(0, entry.indexOf(separator));
  return hostNameProblem(host, entry);
}

function hostNameProblem(host: string, entry: string): string | undefined {
  if (host === '') return `"${entry}" has no host name before the address: write "name=IP"`;
  if (/[:=]/.test(host)) return `the host name "${host}" contains ":" or "="`;
  return undefined;
}

/** `extra_hosts` entries Compose cannot read as a host name and its addresses. */
export const findExtraHostProblems: ComposeRule = (ctx) =>
  serviceViews(ctx).flatMap(({ name, own }): Finding[] => {
    const hosts = own['extra_hosts'];
    const base = ['services', name, 'extra_hosts'];
    const problems: Array<{ problem: string; path: Array<string | number>; part: 'key' | 'value' }> = [];
    if (Array.isArray(hosts)) {
      hosts.forEach((entry, index) => {
        const text = resolvedValue(ctx, entry);
        const problem = typeof text === 'string' ? hostEntryProblem(text) : undefined;
        if (problem) problems.push({ problem, path: [...base, index], part: 'value' });
      });
    } else {
      for (const [host] of entriesOf(hosts)) {
        const problem = hostNameProblem(host, host);
        if (problem) problems.push({ problem, path: [...base, host], part: 'key' });
      }
    }
    return problems.map(({ problem, path, part }) => ({
      code: 'compose/extra-hosts',
      severity: 'error',
      message: `An "extra_hosts" entry of service "${name}" is not valid: ${problem}.`,
      span: ctx.span(path, part),
    }));
  });
