import type { Finding } from '../../types';
import type { ComposeRule } from '../../rules/context';
import { servicesOf, mountsOf } from '../model';

/** Host paths whose mount hands a container much more than it should have, and why. */
export function dangerOfHostPath(source: string): string | undefined {
  const path = source.replace(/\\/g, '/').replace(/\/+$/, '') || '/';
  if (path === '/') return "mounts the host's entire filesystem into the container";
  if (/^\/(var\/)?run\/docker\.sock$/.test(path) || path === '//./pipe/docker_engine') {
    return 'gives the container full control of the Docker Engine, which amounts to root on the host (read-only does not help)';
  }
  if (path === '/root' || path === '~' || path === '$HOME' || path === '${HOME}' || /^\/(home|Users)\/[^/]+$/.test(path)) {
    return 'exposes a whole home directory, with its SSH keys, cloud credentials and shell history';
  }
  if (path === '/etc') return "exposes the host's configuration, including password hashes in /etc/shadow";
  if (['/proc', '/sys', '/dev', '/boot'].includes(path)) return "exposes the host kernel's own interfaces";
  if (path === '/var/lib/docker') return "exposes every container's and volume's data";
  return undefined;
}

/** Bind mounts of `/`, home directories, `/etc` or the Docker socket: valid, but rarely what anyone wants. */
export const findDangerousBindMounts: ComposeRule = (ctx) =>
  servicesOf(ctx.file).flatMap(([name, service]) =>
    mountsOf(name, service).flatMap((mount): Finding[] => {
      if (mount.type !== 'bind' || !mount.source) return [];
      const danger = dangerOfHostPath(mount.source);
      if (!danger) return [];
      return [
        {
          code: 'compose/dangerous-bind-mount',
          severity: 'warning',
          message: `Service "${name}" bind-mounts "${mount.source}", which ${danger}. Mount only the files it needs${mount.readOnly ? '' : ', read-only where you can'}.`,
          span: ctx.spanWithin(mount.path, mount.within),
        },
      ];
    }),
  );
