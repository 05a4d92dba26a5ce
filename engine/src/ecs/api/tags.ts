// TagResource, UntagResource, ListTagsForResource on clusters, services, tasks and task definition
// revisions, kept in the state file (the same in every region).
import { resourceKey } from '../arn';
import { clusterNotFound, EcsError } from '../errors';
import { findRevision } from '../registry';
import { mergeTags, serviceKey } from '../state';
import { stringList, tagsOf, type ApiContext, type Handler } from './context';
import { invalidParameter } from './protocol';

export const tagOperations: Record<string, Handler> = {
  async TagResource(input, context) {
    const key = await existingResource(String(input['resourceArn']), context);
    const tags = tagsOf(input['tags']);
    context.cluster.state.update((state) => void (state.tags[key] = mergeTags(state.tags[key], tags)));
    return {};
  },

  async UntagResource(input, context) {
    const key = await existingResource(String(input['resourceArn']), context);
    const keys = new Set(stringList(input['tagKeys']));
    context.cluster.state.update((state) => void (state.tags[key] = (state.tags[key] ?? []).filter((t) => !keys.has(t.key))));
    return {};
  },

  async ListTagsForResource(input, context) {
    const key = await existingResource(String(input['resourceArn']), context);
    return { tags: context.cluster.state.read().tags[key] ?? [] };
  },
};

/** The resource key of an ARN that names something that exists. */
async function existingResource(arn: string, context: ApiContext): Promise<string> {
  const key = resourceKey(arn);
  if (!key) throw invalidParameter(`"${arn}" is not the ARN of an ECS cluster, service, task or task definition.`);
  const [kind, ...rest] = key.split('/');
  const state = context.cluster.state.read();
  const missing = new EcsError('ResourceNotFoundException', 'The specified resource could not be found.');
  switch (kind) {
    case 'cluster':
      if (context.cluster.clusterSummary(rest[0]!)?.status !== 'ACTIVE') throw clusterNotFound();
      return key;
    case 'service':
      if (rest.length < 2 || !state.services[serviceKey(rest[0]!, rest[1]!)]) throw missing;
      return key;
    case 'task-definition':
      if (!findRevision(state, rest.join('/'))) throw missing;
      return key;
    case 'task': {
      await context.cluster.refresh();
      const task = context.cluster.allTasks(state).find((t) => t.taskId === rest.at(-1));
      if (!task) throw missing;
      return `task/${task.cluster}/${task.taskId}`;
    }
    default:
      throw invalidParameter(`Tags on ${kind ?? 'this resource'} are not kept locally.`);
  }
}
