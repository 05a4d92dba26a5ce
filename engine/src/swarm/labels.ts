// The labels `docker stack deploy` writes on what it creates, and the few Dockside adds. Writing the
// same namespace label is what lets `docker stack ls|ps|services|rm` see a stack Dockside deployed,
// and Dockside see one `docker stack deploy` created.

export const STACK_LABEL = {
  /** On every network, secret, config, service (and its containers) and named volume of a stack. */
  namespace: 'com.docker.stack.namespace',
  /** On a service: the image as the Compose file names it. */
  image: 'com.docker.stack.image',
} as const;

export const SWARM_LABEL = {
  /** On a secret or config: its key under the top-level `secrets:` / `configs:`. */
  key: 'dockside.swarm.key',
  /** On a secret or config: sha256 of its content, which its name carries too. */
  digest: 'dockside.swarm.digest',
} as const;

/** A `filters` value for the engine's list calls: everything of one stack, or of every stack. */
export function stackFilter(namespace?: string): string {
  return JSON.stringify({ label: [namespace === undefined ? STACK_LABEL.namespace : `${STACK_LABEL.namespace}=${namespace}`] });
}

/** `shop` + `web` → `shop_web`, as docker stack scopes names. */
export function scoped(namespace: string, name: string): string {
  return `${namespace}_${name}`;
}
