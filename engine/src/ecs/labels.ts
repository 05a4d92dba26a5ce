// The labels every container of a local ECS task carries. The `com.amazonaws.ecs.*` ones are those the
// ECS agent puts on the containers it starts, so tools that read them on an instance read them here
// too; the `dockside.ecs.*` ones hold what Dockside needs to rebuild its view after a window reload.

export const ECS_LABELS = {
  cluster: 'com.amazonaws.ecs.cluster',
  taskArn: 'com.amazonaws.ecs.task-arn',
  family: 'com.amazonaws.ecs.task-definition-family',
  revision: 'com.amazonaws.ecs.task-definition-version',
  containerName: 'com.amazonaws.ecs.container-name',
} as const;

export const DOCKSIDE_LABELS = {
  taskId: 'dockside.ecs.task-id',
  /** `sandbox` for the container that holds the task's network namespace, `container` for the task's own. */
  role: 'dockside.ecs.role',
  service: 'dockside.ecs.service',
  desiredCount: 'dockside.ecs.desired-count',
  /** The service deployment (`ecs-svc/…`) that started the task. */
  deployment: 'dockside.ecs.deployment',
  /** `awslogs` containers: the log group and stream prefix ECS would write their output to. */
  awslogsGroup: 'dockside.ecs.awslogs-group',
  awslogsStreamPrefix: 'dockside.ecs.awslogs-stream-prefix',
  essential: 'dockside.ecs.essential',
  /** The container's place in the start order, so a rebuilt task stops its containers in reverse. */
  order: 'dockside.ecs.order',
  networkMode: 'dockside.ecs.network-mode',
  /** The container's published ports (`8080/tcp,53/udp`): under awsvpc the sandbox publishes them. */
  ports: 'dockside.ecs.ports',
  launchType: 'dockside.ecs.launch-type',
  source: 'dockside.ecs.source',
  /** The path of the secrets file the task was started with (never a value), to start its replacements. */
  secretsFile: 'dockside.ecs.secrets-file',
  cpu: 'dockside.ecs.task-cpu',
  memory: 'dockside.ecs.task-memory',
  createdAt: 'dockside.ecs.created-at',
  /** Task-scoped volumes carry it too: they are removed with the task. */
  volumeScope: 'dockside.ecs.volume-scope',
} as const;

export type LabelSet = Record<string, string>;
