import type { Finding } from '../../types';
import type { ComposeRule } from '../../rules/context';
import { asRecord, mountsOf, namesOf, servicesOf } from '../model';

function usedNames(file: unknown): { networks: Set<string>; volumes: Set<string> } {
  const networks = new Set<string>();
  const volumes = new Set<string>();
  for (const [name, service] of servicesOf(file)) {
    const declared = namesOf(service['networks'], []);
    declared.forEach((ref) => networks.add(ref.name));
    // A service without "networks" (and without its own network_mode) joins the default network.
    if (service['networks'] === undefined && service['network_mode'] === undefined) networks.add('default');
    mountsOf(name, service).forEach((m) => {
      if (m.type === 'volume' && m.source) volumes.add(m.source);
    });
  }
  return { networks, volumes };
}

/** Declared volumes and networks that no service uses: usually left over, sometimes a typo elsewhere. */
export const findUnusedResources: ComposeRule = (ctx) => {
  const used = usedNames(ctx.project ?? ctx.file);
  const findings: Finding[] = [];
  for (const section of ['volumes', 'networks'] as const) {
    const noun = section === 'volumes' ? 'volume' : 'network';
    for (const name of Object.keys(asRecord(asRecord(ctx.file)?.[section]) ?? {})) {
      if (used[section].has(name)) continue;
      findings.push({
        code: `compose/unused-${noun}`,
        severity: 'hint',
        message: `The ${noun} "${name}" is declared but no service uses it.`,
        span: ctx.span([section, name], 'key'),
        tags: ['unnecessary'],
      });
    }
  }
  return findings;
};
