import type { Finding } from '../../types';
import type { ComposeRule } from '../../rules/context';
import { looksLikeSecret } from '../../rules/secretNames';
import { asRecord, hasInterpolation, servicesOf, type Json } from '../model';

/** `privileged: true` hands the container nearly everything root on the host has. */
export const findPrivilegedServices: ComposeRule = (ctx) =>
  servicesOf(ctx.file).flatMap(([name, service]): Finding[] =>
    service['privileged'] !== true
      ? []
      : [
          {
            code: 'compose/privileged',
            severity: 'warning',
            message: `Service "${name}" runs privileged: it can reach every device and most of the kernel, nearly as root on the host. Add only the capabilities it needs with "cap_add" instead.`,
            span: ctx.span(['services', name, 'privileged'], 'value'),
          },
        ],
  );

const HOST_NAMESPACES: ReadonlyArray<{ key: string; what: string }> = [
  {
    key: 'network_mode',
    what: "the host's network stack: it can bind any host port and reach every service listening on the host's loopback",
  },
  { key: 'pid', what: "the host's process table: it can see, and as root signal, every process on the host" },
  { key: 'ipc', what: "the host's shared memory and semaphores" },
  {
    key: 'userns_mode',
    what: 'the host user namespace, so root in the container is root on the host even where user-namespace remapping is on',
  },
];

/** `network_mode: host`, `pid: host`, `ipc: host`, `userns_mode: host`: the container leaves its isolation. */
export const findHostNamespaces: ComposeRule = (ctx) =>
  servicesOf(ctx.file).flatMap(([name, service]) =>
    HOST_NAMESPACES.flatMap(({ key, what }): Finding[] =>
      service[key] !== 'host'
        ? []
        : [
            {
              code: 'compose/host-namespace',
              severity: 'warning',
              message: `Service "${name}" shares ${what}. Use it only when nothing else works.`,
              span: ctx.span(['services', name, key], 'value'),
            },
          ],
    ),
  );

/** `cap_add: [ALL]` is `privileged` by another name (without the devices). */
export const findAllCapabilities: ComposeRule = (ctx) =>
  servicesOf(ctx.file).flatMap(([name, service]) => {
    const capabilities = Array.isArray(service['cap_add']) ? (service['cap_add'] as unknown[]) : [];
    return capabilities.flatMap((capability, index): Finding[] =>
      typeof capability !== 'string' || !/^(CAP_)?ALL$/i.test(capability)
        ? []
        : [
            {
              code: 'compose/cap-add-all',
              severity: 'warning',
              message: `Service "${name}" adds every Linux capability, which is almost as much as "privileged". List only the ones it needs (for example NET_BIND_SERVICE).`,
              span: ctx.span(['services', name, 'cap_add', index], 'value'),
            },
          ],
    );
  });

/** The environment entries of a service with their paths, from either the map or the list form. */
function environmentEntries(
  service: Json,
): Array<{ name: string; value: unknown; path: (string | number)[]; within?: { start: number; length: number } }> {
  const environment = service['environment'];
  if (Array.isArray(environment)) {
    return environment.flatMap((entry, index) => {
      if (typeof entry !== 'string' || !entry.includes('=')) return [];
      const at = entry.indexOf('=');
      const value = entry.slice(at + 1);
      return [{ name: entry.slice(0, at), value, path: ['environment', index], within: { start: at + 1, length: value.length } }];
    });
  }
  return Object.entries(asRecord(environment) ?? {}).map(([name, value]) => ({ name, value, path: ['environment', name] }));
}

/**
 * A password written into the Compose file itself ends up in version control and in `docker
 * inspect`. A value taken from `.env` or the shell (`${DB_PASSWORD}`) is fine; so is an empty one,
 * or a switch such as MYSQL_ALLOW_EMPTY_PASSWORD=yes.
 */
export const findPlaintextSecrets: ComposeRule = (ctx) =>
  servicesOf(ctx.file).flatMap(([name, service]) =>
    environmentEntries(service).flatMap(({ name: variable, value, path, within }): Finding[] => {
      if (!looksLikeSecret(variable, value) || hasInterpolation(String(value))) return [];
      return [
        {
          code: 'compose/plaintext-secret',
          severity: 'warning',
          message: `Service "${name}" sets ${variable} in plain text in the Compose file, where version control and "docker inspect" show it. Take it from the environment or .env ("\${${variable}}") or use a Compose secret.`,
          span: ctx.spanWithin(['services', name, ...path], within),
        },
      ];
    }),
  );
