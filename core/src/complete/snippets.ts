/**
 * Ready-made blocks offered beside the plain keys: a new service, a healthcheck, the long form of
 * `depends_on`, resource limits, a network, a volume; for ECS a container definition, a port mapping
 * and awslogs logging. Written once as templates and rendered in YAML or JSON as the document needs.
 */
import { asRecord } from '../compose/model';
import type { Path } from '../types';
import type { CursorPosition } from './analyze/analyze';
import { escapeSnippet, type Template } from './insert';
import { under, type Profile } from './profile';

export interface Snippet {
  label: string;
  detail: string;
  documentation: string;
  /** For a snippet written at a key position: the key it writes (the template is its value). */
  key?: string;
  body: Template;
}

/** What a snippet needs to know about where the cursor is. */
export interface SnippetPlace {
  profile: Profile;
  position: CursorPosition;
  /** The mapping's path for a key, the entry's path for a sequence entry. */
  path: Path;
  /** Keys the mapping at the cursor already has. */
  present: ReadonlySet<string>;
  /** Compose: the names of the other services, for a `depends_on` default. */
  otherServices: readonly string[];
}

const s = (str: string): Template => ({ str });
const raw = (text: string): Template => ({ raw: text });
const map = (...entries: Array<[string, Template]>): Template => ({ map: entries });
const seq = (...items: Template[]): Template => ({ seq: items });

const CONDITIONS = '${2|service_started,service_healthy,service_completed_successfully|}';

function composeSnippets(place: SnippetPlace): Snippet[] {
  const { path, position, present } = place;
  if (position !== 'key') return [];
  const out: Snippet[] = [];
  if (path.length === 0) {
    if (!present.has('services')) {
      out.push({
        label: 'services: (with one service)',
        detail: 'Services section',
        documentation: 'A `services` section with one service that runs an image and publishes a port.',
        key: 'services',
        body: map(['${1:web}', map(['image', s('${2:nginx:alpine}')], ['ports', seq(s('${3:8080}:${4:80}'))])]),
      });
    }
    if (!present.has('networks')) {
      out.push({
        label: 'networks: (with one network)',
        detail: 'Networks section',
        documentation: 'A top-level `networks` section that defines one network.',
        key: 'networks',
        body: map(['${1:backend}', map(['driver', s('${2:bridge}')])]),
      });
    }
    if (!present.has('volumes')) {
      out.push({
        label: 'volumes: (with one volume)',
        detail: 'Volumes section',
        documentation: 'A top-level `volumes` section that defines one named volume.',
        key: 'volumes',
        body: map(['${1:data}', map(['driver', s('${2:local}')])]),
      });
    }
    return out;
  }
  if (path.length === 1 && path[0] === 'services') {
    out.push({
      label: 'new service',
      detail: 'Service with an image and a published port',
      documentation:
        'A service that runs an image and publishes a port:\n\n```yaml\nweb:\n  image: nginx:alpine\n  ports:\n    - "8080:80"\n```',
      key: '${1:web}',
      body: map(['image', s('${2:nginx:alpine}')], ['ports', seq(s('${3:8080}:${4:80}'))]),
    });
  }
  if (path.length === 1 && path[0] === 'networks') {
    out.push({
      label: 'new network',
      detail: 'Network definition',
      documentation: 'A network with its driver.',
      key: '${1:backend}',
      body: map(['driver', s('${2:bridge}')]),
    });
  }
  if (path.length === 1 && path[0] === 'volumes') {
    out.push({
      label: 'new volume',
      detail: 'Named volume definition',
      documentation: 'A named volume with its driver.',
      key: '${1:data}',
      body: map(['driver', s('${2:local}')]),
    });
  }
  if (path.length === 2 && path[0] === 'services') {
    if (!present.has('healthcheck')) {
      out.push({
        label: 'healthcheck block',
        detail: 'Health check with test, interval, timeout, retries',
        documentation: 'Tells Compose how to check that the container is healthy, so that `depends_on` can wait for `service_healthy`.',
        key: 'healthcheck',
        body: map(
          ['test', raw('["CMD-SHELL", "${1:curl -fsS http://localhost/ || exit 1}"]')],
          ['interval', s('${2:30s}')],
          ['timeout', s('${3:5s}')],
          ['retries', raw('${4:3}')],
          ['start_period', s('${5:10s}')],
        ),
      });
    }
    if (!present.has('depends_on')) {
      const first = escapeSnippet(place.otherServices[0] ?? 'db');
      out.push({
        label: 'depends_on (long form)',
        detail: 'Dependency with a start-up condition',
        documentation:
          'Starts this service after another one, waiting for the condition (`service_healthy` needs a healthcheck on the dependency).',
        key: 'depends_on',
        body: map([`\${1:${first}}`, map(['condition', s(CONDITIONS)])]),
      });
    }
    if (!present.has('deploy')) {
      out.push({
        label: 'deploy.resources',
        detail: 'CPU and memory limits and reservations',
        documentation: 'Limits the CPU and memory the containers may use, and reserves a minimum.',
        key: 'deploy',
        body: map([
          'resources',
          map(['limits', map(['cpus', s('${1:0.50}')], ['memory', s('${2:512M}')])], ['reservations', map(['memory', s('${3:256M}')])]),
        ]),
      });
    }
  }
  return out;
}

function taskSnippets(place: SnippetPlace): Snippet[] {
  const { profile, path, position, present } = place;
  const inContainers = under(path, profile.containersPath);
  const out: Snippet[] = [];
  if (position === 'item' && inContainers?.length === 1) {
    out.push({
      label: 'container definition',
      detail: 'Container with an image, a port and awslogs logging',
      documentation: 'A container definition with the fields most tasks need.',
      body: map(
        ['name', s('${1:app}')],
        ['image', s('${2:public.ecr.aws/nginx/nginx:latest}')],
        ['essential', raw('true')],
        ['portMappings', seq(map(['containerPort', raw('${3:80}')], ['protocol', s('tcp')]))],
        ['logConfiguration', awslogs(4)],
      ),
    });
  }
  if (position === 'item' && inContainers?.length === 3 && inContainers[1] === 'portMappings') {
    out.push({
      label: 'port mapping',
      detail: 'containerPort and protocol',
      documentation: 'A port the container listens on. With `awsvpc` (Fargate), `hostPort` is left out or equal to `containerPort`.',
      body: map(['containerPort', raw('${1:80}')], ['protocol', s('${2|tcp,udp|}')]),
    });
  }
  if (position === 'key' && inContainers?.length === 1 && !present.has('logConfiguration')) {
    out.push({
      label: 'logConfiguration (awslogs)',
      detail: 'Send logs to CloudWatch Logs',
      documentation:
        "Sends the container's output to a CloudWatch Logs group. The execution role needs `logs:CreateLogStream` and `logs:PutLogEvents`.",
      key: 'logConfiguration',
      body: awslogs(1),
    });
  }
  return out;
}

function awslogs(first: number): Template {
  return map(
    ['logDriver', s('awslogs')],
    [
      'options',
      map(
        ['awslogs-group', s(`\${${first}:/ecs/app}`)],
        ['awslogs-region', s(`\${${first + 1}:us-east-1}`)],
        ['awslogs-stream-prefix', s(`\${${first + 2}:app}`)],
      ),
    ],
  );
}

export function snippetsAt(place: SnippetPlace): Snippet[] {
  return place.profile.language === 'compose' ? composeSnippets(place) : taskSnippets(place);
}

/** The keys of a mapping, for `present`. */
export function keysIn(value: unknown): Set<string> {
  return new Set(Object.keys(asRecord(value) ?? {}));
}
