// CreateCluster, DeleteCluster, ListClusters, DescribeClusters. A `default` cluster always exists; the
// counts are those of the tasks and services on the engine, whichever Dockside process started them.
import { clusterArn, clusterName, DEFAULT_CLUSTER } from '../arn';
import type { ClusterSummary } from '../cluster';
import { clusterOf, describeEach, includes, stringList, tagsOf, type ApiContext, type Handler } from './context';
import { invalidParameter, paginate } from './protocol';

const NAME = /^[A-Za-z0-9_-]{1,255}$/;

export const clusterOperations: Record<string, Handler> = {
  CreateCluster(input, context) {
    const name = input['clusterName'] === undefined ? DEFAULT_CLUSTER : String(input['clusterName']);
    if (!NAME.test(name))
      throw invalidParameter('Cluster names may hold up to 255 letters (upper and lower case), numbers, hyphens and underscores.');
    context.cluster.createCluster(name, {
      tags: tagsOf(input['tags']),
      settings: Array.isArray(input['settings']) ? (input['settings'] as Record<string, unknown>[]) : undefined,
      configuration: input['configuration'] as Record<string, unknown> | undefined,
    });
    return { cluster: describeCluster(context, context.cluster.clusterSummary(name)!, true) };
  },

  DeleteCluster(input, context) {
    const name = clusterOf(input);
    context.cluster.deleteCluster(name);
    return { cluster: describeCluster(context, { ...context.cluster.clusterSummary(name)!, status: 'INACTIVE' }, false) };
  },

  async ListClusters(input, context) {
    await context.cluster.refresh();
    const { page, nextToken } = paginate(context.cluster.clusterNames(), input, { defaultSize: 100, maxSize: 100 });
    return { clusterArns: page.map((name) => clusterArn(context.caller.region, name)), nextToken };
  },

  async DescribeClusters(input, context) {
    await context.cluster.refresh();
    const references = stringList(input['clusters']);
    const names = references.length > 0 ? references : [DEFAULT_CLUSTER];
    if (names.length > 100) throw invalidParameter('DescribeClusters takes at most 100 clusters.');
    const { found, failures } = describeEach(
      names,
      (reference) => {
        const name = clusterName(reference);
        return name !== undefined ? context.cluster.clusterSummary(name) : undefined;
      },
      (summary) => describeCluster(context, summary, includes(input, 'TAGS')),
      (name) => clusterArn(context.caller.region, name),
    );
    return { clusters: found, failures };
  },
};

function describeCluster(context: ApiContext, summary: ClusterSummary, withTags: boolean): Record<string, unknown> {
  const tags = context.cluster.state.read().tags[`cluster/${summary.name}`] ?? [];
  return {
    clusterArn: clusterArn(context.caller.region, summary.name),
    clusterName: summary.name,
    status: summary.status,
    registeredContainerInstancesCount: 0,
    runningTasksCount: summary.runningTasksCount,
    pendingTasksCount: summary.pendingTasksCount,
    activeServicesCount: summary.activeServicesCount,
    statistics: [],
    tags: withTags ? tags : [],
    settings: summary.settings ?? [{ name: 'containerInsights', value: 'disabled' }],
    configuration: summary.configuration,
    capacityProviders: [],
    defaultCapacityProviderStrategy: [],
  };
}
