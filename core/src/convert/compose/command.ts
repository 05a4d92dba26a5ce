/**
 * `command` and `entrypoint`. A list is copied; a string is split into words as Compose splits it
 * (no shell runs, see shellWords.ts). An empty list clears the image's value in Compose, which ECS
 * cannot say (an empty list there means "use the image's"), so it is reported.
 */
import { splitShellWords } from '../shellWords';
import { scalarText } from '../values';
import { at, type ServiceContext, type ServiceMapper } from './context';

const FIELDS = { command: 'command', entrypoint: 'entryPoint' } as const;

function mapWords(ctx: ServiceContext, key: keyof typeof FIELDS): void {
  const value = ctx.service[key];
  if (value === undefined || value === null) return;
  const path = at(ctx, key);
  let words: string[] | undefined;
  if (Array.isArray(value)) {
    const texts = value.map(scalarText);
    if (texts.every((t): t is string => t !== undefined)) words = texts;
  } else if (typeof value === 'string') {
    const split = splitShellWords(value);
    if (!split) {
      ctx.report.drop(
        path,
        `The ${key} has a quote that is never closed, so Compose cannot split it into words either.`,
        'Close the quote, or write it as a list.',
      );
      return;
    }
    words = split.words;
    if (split.shellSyntax) {
      ctx.report.note(
        path,
        `The ${key} contains shell syntax ($, |, &&, ;, >…), but Compose runs it without a shell, and so does ECS: those characters are passed as plain arguments.`,
        `If a shell was meant, write ["sh", "-c", "…"] as the ${key}.`,
      );
    }
  }
  if (!words) {
    ctx.report.drop(path, `The ${key} is neither a string nor a list of strings.`);
    return;
  }
  if (words.length === 0) {
    ctx.report.drop(
      path,
      `An empty ${key} clears the image's ${key} in Compose; ECS has no way to say that (an empty list there keeps the image's).`,
      `Set the ${key} you want explicitly, e.g. in the per-service x-ecs.`,
    );
    return;
  }
  ctx.container[FIELDS[key]] = words;
}

export const commandMapper: ServiceMapper = {
  keys: ['command', 'entrypoint'],
  map(ctx) {
    mapWords(ctx, 'entrypoint');
    mapWords(ctx, 'command');
  },
};
