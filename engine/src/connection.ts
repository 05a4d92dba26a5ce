// Where the Docker Engine listens, decided the way the docker CLI decides it: an explicit setting first,
// then DOCKER_HOST, then the platform's default socket (Linux and Docker Desktop on macOS use a unix
// socket, Windows a named pipe). Pure: the caller passes the environment and the platform.
import type { DockerOptions } from 'dockerode';

export interface EngineAddress {
  /** What the user sees in messages and the status bar: `unix:///var/run/docker.sock`, `tcp://host:2375`. */
  readonly label: string;
  readonly options: DockerOptions;
}

export interface AddressInputs {
  /** The `dockside.docker.host` setting; empty means "not set". */
  readonly setting?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: NodeJS.Platform;
  readonly homeDir?: string;
}

export function defaultSocket(platform: NodeJS.Platform): string {
  return platform === 'win32' ? '//./pipe/docker_engine' : '/var/run/docker.sock';
}

/** Resolves the engine address, or throws an Error whose message says what is wrong with the value. */
export function resolveEngineAddress(inputs: AddressInputs): EngineAddress {
  const explicit = inputs.setting?.trim() || inputs.env.DOCKER_HOST?.trim();
  if (!explicit) {
    const socketPath = defaultSocket(inputs.platform);
    const label = inputs.platform === 'win32' ? `npipe://${socketPath}` : `unix://${socketPath}`;
    return { label, options: { socketPath } };
  }
  return parseDockerHost(explicit, inputs.env);
}

export function parseDockerHost(value: string, env: Readonly<Record<string, string | undefined>> = {}): EngineAddress {
  const match = /^([a-z]+):\/\/(.*)$/.exec(value);
  if (!match) {
    // A bare path is what many users type into the setting.
    if (value.startsWith('/')) return { label: `unix://${value}`, options: { socketPath: value } };
    throw new Error(`"${value}" is not a Docker host address: use unix:///path, npipe:////./pipe/name or tcp://host:port.`);
  }
  const [, scheme, rest] = match as unknown as [string, string, string];
  switch (scheme) {
    case 'unix':
      return { label: value, options: { socketPath: rest } };
    case 'npipe':
      return { label: value, options: { socketPath: rest.replace(/\//g, '\\') } };
    case 'tcp':
    case 'http':
    case 'https': {
      const url = new URL(`${scheme === 'tcp' ? 'http' : scheme}://${rest}`);
      const tls =
        scheme === 'https' || (env.DOCKER_TLS_VERIFY !== undefined && env.DOCKER_TLS_VERIFY !== '' && env.DOCKER_TLS_VERIFY !== '0');
      const port = url.port ? Number(url.port) : tls ? 2376 : 2375;
      return { label: value, options: { host: url.hostname, port, protocol: tls ? 'https' : 'http' } };
    }
    case 'ssh':
      throw new Error(`Docker over ssh (${value}) is not supported yet: forward the remote socket and point dockside.docker.host at it.`);
    default:
      throw new Error(`Unknown scheme "${scheme}" in Docker host "${value}".`);
  }
}
