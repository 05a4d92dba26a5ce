import type { Finding } from '../../types';
import type { TaskDefinitionRule } from '../context';
import { asString, capitalize, containerLabel, containersOf } from '../model';

/** `user` names the root account when its user part (before any ":group") is "root" or UID 0. */
export function isRootUser(user: string): boolean {
  const name = user.split(':')[0]!.trim();
  return name === 'root' || /^0+$/.test(name);
}

/** Running as root inside the container turns any escape into root on the host; the API model advises against it. */
export const findRootUser: TaskDefinitionRule = (ctx) =>
  containersOf(ctx.file).flatMap((container): Finding[] => {
    const user = asString(container.value['user']);
    if (user === undefined || !isRootUser(user)) return [];
    return [
      {
        code: 'ecs/root-user',
        severity: 'hint',
        message: `${capitalize(containerLabel(container))} runs as root ("user": "${user}"). Run it as an unprivileged user where the image allows.`,
        span: ctx.span([...container.path, 'user'], 'value'),
      },
    ];
  });
