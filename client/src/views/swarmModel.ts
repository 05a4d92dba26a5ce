// What the Swarm view shows, as plain functions over the engine's SwarmSnapshot: the nodes (role,
// availability, state), then each stack → its services (mode, tasks running/desired, update state,
// published ports) → their tasks (node, state, error, exit code). An engine outside a swarm shows one
// item that offers to initialise one. No `vscode` import.
import type { SwarmNodeSummary, SwarmServiceSummary, SwarmSnapshot, SwarmStackSummary, SwarmTaskSummary } from '@dockside/engine';
import { md, type ItemView } from './itemView';

export type SwarmNode =
  | { readonly kind: 'swarmState'; readonly snapshot: SwarmSnapshot }
  | { readonly kind: 'swarmNodes'; readonly nodes: readonly SwarmNodeSummary[] }
  | { readonly kind: 'swarmNode'; readonly node: SwarmNodeSummary }
  | { readonly kind: 'swarmStack'; readonly stack: SwarmStackSummary }
  | { readonly kind: 'swarmService'; readonly service: SwarmServiceSummary }
  | { readonly kind: 'swarmTask'; readonly service: SwarmServiceSummary; readonly task: SwarmTaskSummary };

/** The context values package.json's menus match: the kind, then the actions the item offers now. */
export function swarmContextValue(node: SwarmNode): string {
  switch (node.kind) {
    case 'swarmState':
      return node.snapshot.state.role === 'inactive' ? 'swarmInactive init' : 'swarmState';
    case 'swarmNode':
      return `swarmNode ${node.node.availability === 'active' ? 'drain' : 'activate'}`;
    case 'swarmStack':
      return 'swarmStack remove';
    case 'swarmService': {
      const actions = ['logs', 'forceUpdate'];
      if (node.service.mode === 'replicated') actions.unshift('scale');
      if (node.service.canRollBack) actions.push('rollback');
      return `swarmService ${actions.join(' ')}`;
    }
    default:
      return node.kind;
  }
}

export function swarmRoots(snapshot: SwarmSnapshot): SwarmNode[] {
  if (snapshot.state.role !== 'manager') return [{ kind: 'swarmState', snapshot }];
  return [{ kind: 'swarmNodes', nodes: snapshot.nodes }, ...snapshot.stacks.map((stack): SwarmNode => ({ kind: 'swarmStack', stack }))];
}

/** A service's tasks: those meant to run, then the last few that stopped or failed (as docker service ps keeps them). */
export function swarmChildren(node: SwarmNode): SwarmNode[] {
  switch (node.kind) {
    case 'swarmNodes':
      return node.nodes.map((entry) => ({ kind: 'swarmNode', node: entry }));
    case 'swarmStack':
      return node.stack.services.map((service) => ({ kind: 'swarmService', service }));
    case 'swarmService': {
      const live = node.service.tasks.filter((task) => task.desiredState === 'running');
      const ended = node.service.tasks.filter((task) => task.desiredState !== 'running').slice(0, 5);
      return [...live, ...ended].map((task) => ({ kind: 'swarmTask', service: node.service, task }));
    }
    default:
      return [];
  }
}

const STATE_MESSAGES: Record<string, string> = {
  inactive: 'This engine is not part of a Swarm',
  worker: 'This engine is a Swarm worker: connect to a manager to see the swarm',
  pending: 'This engine is joining its Swarm…',
  locked: 'This Swarm manager is locked (docker swarm unlock)',
  error: 'This engine’s Swarm is in error',
};

export function portsText(ports: SwarmServiceSummary['ports']): string {
  return ports
    .map((port) => `${port.published ? `${port.published}→` : ''}${port.target}/${port.protocol}${port.mode === 'host' ? ' (host)' : ''}`)
    .join(', ');
}

export function presentSwarmNode(node: SwarmNode): ItemView {
  const contextValue = swarmContextValue(node);
  switch (node.kind) {
    case 'swarmState': {
      const state = node.snapshot.state;
      return {
        id: 'swarm:state',
        label: STATE_MESSAGES[state.role] ?? state.role,
        ...(state.error ? { description: state.error } : {}),
        tooltip:
          state.role === 'inactive'
            ? 'A Swarm of one node starts in seconds on this engine (docker swarm init): stacks can then be deployed to it. Right-click to initialise one.'
            : md(STATE_MESSAGES[state.role] ?? state.role),
        icon: { id: state.role === 'inactive' ? 'info' : 'warning' },
        contextValue,
        collapsible: 'none',
      };
    }
    case 'swarmNodes': {
      const ready = node.nodes.filter((entry) => entry.state === 'ready').length;
      return {
        id: 'swarm:nodes',
        label: 'Nodes',
        description: `${ready}/${node.nodes.length} ready`,
        icon: { id: 'server-environment' },
        contextValue,
        collapsible: 'collapsed',
      };
    }
    case 'swarmNode': {
      const entry = node.node;
      const role = entry.role === 'manager' ? (entry.leader ? 'leader' : 'manager') : 'worker';
      const flags = [role, entry.availability, entry.state === 'ready' ? '' : entry.state, entry.self ? 'this engine' : ''].filter(Boolean);
      return {
        id: `swarm:node:${entry.id}`,
        label: entry.hostname,
        description: flags.join(' · '),
        tooltip: [
          `**${md(entry.hostname)}** (${md(entry.id)})`,
          `Role: ${role}; availability: ${entry.availability}; state: ${entry.state}`,
          ...(entry.address ? [`Address: ${md(entry.address)}`] : []),
          ...(entry.engineVersion ? [`Engine: ${md(entry.engineVersion)}`] : []),
          ...(entry.message ? [md(entry.message)] : []),
        ].join('\n\n'),
        icon: {
          id: entry.role === 'manager' ? 'server-process' : 'server',
          ...(entry.state !== 'ready'
            ? { color: 'list.errorForeground' }
            : entry.availability !== 'active'
              ? { color: 'list.warningForeground' }
              : {}),
        },
        contextValue,
        collapsible: 'none',
      };
    }
    case 'swarmStack': {
      const running = node.stack.services.reduce((sum, service) => sum + service.running, 0);
      const desired = node.stack.services.reduce((sum, service) => sum + service.desired, 0);
      return {
        id: `swarm:stack:${node.stack.name}`,
        label: node.stack.name,
        description: `${node.stack.services.length} service${node.stack.services.length === 1 ? '' : 's'} · ${running}/${desired} tasks`,
        icon: { id: 'layers', ...(running < desired ? { color: 'list.warningForeground' } : {}) },
        contextValue,
        collapsible: 'expanded',
      };
    }
    case 'swarmService': {
      const service = node.service;
      const update = service.updateState && service.updateState !== 'completed' ? service.updateState.replace('_', ' ') : '';
      const ports = portsText(service.ports);
      const failing = service.running < service.desired || /paused|rollback/.test(service.updateState ?? '');
      return {
        id: `swarm:service:${service.id}`,
        label: service.shortName,
        description: [
          service.mode === 'replicated' ? `${service.running}/${service.desired}` : `${service.mode} ${service.running}/${service.desired}`,
          update,
          ports,
        ]
          .filter(Boolean)
          .join(' · '),
        tooltip: [
          `**${md(service.name)}** (${md(service.id.slice(0, 12))}, spec version ${service.version})`,
          `Image: ${md(service.image)}`,
          `Mode: ${service.mode}; tasks running: ${service.running} of ${service.desired}`,
          ...(service.updateState
            ? [`Update: ${service.updateState}${service.updateMessage ? ` (${md(service.updateMessage)})` : ''}`]
            : []),
          ...(ports ? [`Ports: ${md(ports)}`] : []),
        ].join('\n\n'),
        icon: { id: 'symbol-class', ...(failing ? { color: 'list.warningForeground' } : { color: 'charts.green' }) },
        contextValue,
        collapsible: service.tasks.length > 0 ? 'collapsed' : 'none',
      };
    }
    default: {
      const task = node.task;
      const failed = ['failed', 'rejected', 'orphaned'].includes(task.state);
      const state = `${task.state}${task.desiredState !== 'running' && task.state === 'running' ? ` → ${task.desiredState}` : ''}${
        task.exitCode !== undefined ? ` (exit ${task.exitCode})` : ''
      }`;
      return {
        id: `swarm:task:${task.id}`,
        label: task.name.slice(node.service.stack.length + 1),
        description: [task.node ?? 'no node', state, task.error ?? ''].filter(Boolean).join(' · '),
        tooltip: [
          `**${md(task.name)}** (${md(task.id.slice(0, 12))})`,
          `Node: ${md(task.node ?? task.nodeId ?? 'not yet placed')}`,
          `State: ${md(state)} since ${md(task.since)}; desired: ${task.desiredState}`,
          ...(task.error ? [`Error: ${md(task.error)}`] : []),
          `Image: ${md(task.image)}`,
        ].join('\n\n'),
        icon: {
          id: task.state === 'running' ? 'vm-running' : failed ? 'error' : 'vm-outline',
          ...(failed ? { color: 'list.errorForeground' } : task.state === 'running' ? { color: 'charts.green' } : {}),
        },
        contextValue,
        collapsible: 'none',
      };
    }
  }
}
