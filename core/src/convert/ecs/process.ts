/** What runs and how: image, command, entryPoint, environment, user, working directory, terminal, stop timeout, labels. */
import { formatSeconds } from '../units';
import { asBoolean, asList, asNumber, asRecord, asString, scalarText, type Json } from '../values';
import { at, type ContainerContext, type ContainerMapper } from './context';

function words(value: unknown): string[] | undefined {
  const list = asList(value).map(scalarText);
  return list.length > 0 && list.every((w): w is string => w !== undefined) ? list : undefined;
}

function mapProcess(ctx: ContainerContext): void {
  const { container, service } = ctx;
  const image = asString(container['image']);
  if (image !== undefined) service['image'] = image;
  else ctx.report.error(at(ctx, 'image'), 'The container has no image, and a Compose service needs one.', 'Add the image to the service.');
  const entrypoint = words(container['entryPoint']);
  if (entrypoint) service['entrypoint'] = entrypoint;
  const command = words(container['command']);
  if (command) service['command'] = command;
  const user = asString(container['user']);
  if (user !== undefined) service['user'] = user;
  const workingDirectory = asString(container['workingDirectory']);
  if (workingDirectory !== undefined) service['working_dir'] = workingDirectory;
  if (asBoolean(container['pseudoTerminal']) === true) service['tty'] = true;
  if (asBoolean(container['interactive']) === true) service['stdin_open'] = true;
  const stopTimeout = asNumber(container['stopTimeout']);
  if (stopTimeout !== undefined) service['stop_grace_period'] = formatSeconds(stopTimeout);
  const labels = asRecord(container['dockerLabels']);
  if (labels && Object.keys(labels).length > 0)
    service['labels'] = Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, scalarText(v) ?? '']));
}

/** `[{name, value}]` → a mapping, which reads best and merges by name in Compose. */
function mapEnvironment(ctx: ContainerContext): void {
  const environment: Json = {};
  asList(ctx.container['environment']).forEach((entry, index) => {
    const name = asString(asRecord(entry)?.['name']);
    if (name === undefined) {
      ctx.report.drop(at(ctx, 'environment', index), 'This environment entry has no name.');
      return;
    }
    // A missing value would mean "take it from the shell" in Compose; ECS means an empty one.
    environment[name] = scalarText(asRecord(entry)?.['value']) ?? '';
  });
  if (Object.keys(environment).length > 0) ctx.service['environment'] = environment;
}

export const processMapper: ContainerMapper = {
  fields: [
    'image',
    'entryPoint',
    'command',
    'user',
    'workingDirectory',
    'pseudoTerminal',
    'interactive',
    'stopTimeout',
    'dockerLabels',
    'environment',
  ],
  map(ctx) {
    mapProcess(ctx);
    mapEnvironment(ctx);
  },
};
