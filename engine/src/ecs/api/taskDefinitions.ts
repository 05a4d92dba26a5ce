// RegisterTaskDefinition (checked with Dockside's own task-definition rules: an error is a
// ClientException with the rule's message), DeregisterTaskDefinition, DescribeTaskDefinition,
// ListTaskDefinitions, ListTaskDefinitionFamilies.
import { taskDefinitionArn } from '../arn';
import { EcsError } from '../errors';
import { deregisterRevision, describeRevision, findRevision, listFamilies, listRevisions, registerRevision } from '../registry';
import { mergeTags } from '../state';
import { includes, tagsOf, type Handler } from './context';
import { paginate } from './protocol';

export const taskDefinitionOperations: Record<string, Handler> = {
  RegisterTaskDefinition(input, context) {
    const tags = tagsOf(input['tags']);
    const revision = context.cluster.state.update((state) => {
      const registered = registerRevision(state, input, { check: true });
      if (tags.length > 0) state.tags[`task-definition/${registered.family}:${registered.revision}`] = mergeTags([], tags);
      return registered;
    });
    return { taskDefinition: describeRevision(revision, context.caller.region), tags };
  },

  DeregisterTaskDefinition(input, context) {
    const revision = context.cluster.state.update((state) => deregisterRevision(state, String(input['taskDefinition'])));
    return { taskDefinition: describeRevision(revision, context.caller.region) };
  },

  DescribeTaskDefinition(input, context) {
    const state = context.cluster.state.read();
    const revision = findRevision(state, String(input['taskDefinition']));
    if (!revision) throw new EcsError('ClientException', 'Unable to describe task definition.');
    const tags = state.tags[`task-definition/${revision.family}:${revision.revision}`] ?? [];
    return { taskDefinition: describeRevision(revision, context.caller.region), tags: includes(input, 'TAGS') ? tags : undefined };
  },

  ListTaskDefinitions(input, context) {
    const revisions = listRevisions(context.cluster.state.read(), {
      familyPrefix: input['familyPrefix'] as string | undefined,
      status: input['status'] as 'ACTIVE' | 'INACTIVE' | undefined,
      descending: input['sort'] === 'DESC',
    });
    const { page, nextToken } = paginate(revisions, input, { defaultSize: 100, maxSize: 100 });
    return { taskDefinitionArns: page.map((r) => taskDefinitionArn(context.caller.region, r.family, r.revision)), nextToken };
  },

  ListTaskDefinitionFamilies(input, context) {
    const families = listFamilies(context.cluster.state.read(), {
      familyPrefix: input['familyPrefix'] as string | undefined,
      status: input['status'] as 'ACTIVE' | 'INACTIVE' | 'ALL' | undefined,
    });
    const { page, nextToken } = paginate(families, input, { defaultSize: 100, maxSize: 100 });
    return { families: page, nextToken };
  },
};
