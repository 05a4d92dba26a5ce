// Swarm's routing mesh (ingress-published ports, and the virtual IP a service name resolves to) is
// built on the kernel's IPVS. Where the kernel has none (minimal VMs, some WSL and CI kernels) the
// engine logs it once and goes on: services converge, yet ingress ports refuse connections and service
// names do not answer. Dockside checks the kernel when the engine runs on this machine and says so
// before deploying what needs it. No `vscode` import.
import { existsSync } from 'node:fs';
import type { SwarmPlan } from './plan';

export interface MeshCheck {
  /** The engine's address label (`unix:///var/run/docker.sock`): only a local engine's kernel can be looked at. */
  readonly engine: string;
  readonly platform: NodeJS.Platform;
  /** Whether the kernel lists IPVS (`/proc/net/ip_vs`); checked on this machine by default. */
  readonly hasIpvs?: () => boolean;
}

/** The warning, when the stack needs the routing mesh and this engine's kernel cannot give it; otherwise undefined. */
export function routingMeshWarning(plan: SwarmPlan, check: MeshCheck): string | undefined {
  if (check.platform !== 'linux' || !check.engine.startsWith('unix://')) return undefined;
  const ingress = plan.services.filter((service) => service.spec.EndpointSpec?.Ports?.some((port) => port.PublishMode !== 'host'));
  const virtualIp =
    plan.services.length > 1
      ? plan.services.filter((service) => service.spec.EndpointSpec?.Mode !== 'dnsrr' && service.spec.TaskTemplate.Networks?.length)
      : [];
  if (ingress.length === 0 && virtualIp.length === 0) return undefined;
  if ((check.hasIpvs ?? (() => existsSync('/proc/net/ip_vs')))()) return undefined;
  const parts: string[] = [];
  if (ingress.length > 0)
    parts.push(
      `ingress ports (of ${ingress.map((service) => service.key).join(', ')}) will not accept connections; publish them with mode: host`,
    );
  if (virtualIp.length > 0)
    parts.push(
      `service names (${virtualIp.map((service) => service.key).join(', ')}) resolve to virtual IPs that do not answer; set deploy.endpoint_mode: dnsrr`,
    );
  return `This engine's kernel has no IPVS (/proc/net/ip_vs is missing), which Swarm's routing mesh needs: ${parts.join('; and ')}.`;
}
