// `dockside convert`: Compose ⇄ ECS task definition, with the report of what could not be carried over.
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { convertFile, formatLoss, type LocatedLoss } from '@dockside/core';
import { diskHost, shellEnvironment } from '@dockside/core/node';
import { HELP, parseArgs, UsageError, usageFailure } from './args';

export const CONVERT_HELP = `Usage: dockside convert FILE --to ecs|compose [--per-service] [--launch-type FARGATE|EC2]
                        [--profile NAME]... [-o OUT] [--report REPORT.json] [--force]

Turns a Compose file (with the override and .env files beside it) into ECS task definitions, or a task
definition (strict JSON) into a Compose file, and lists what could not be carried over exactly, as
"file:line: kind path: reason" on standard error. Only the services of the active profiles are
converted.

Options:
      --to ecs|compose       What to convert to
      --per-service          One task definition per service (default: one for the project)
      --launch-type TYPE     FARGATE (default) or EC2
      --profile NAME         A profile to enable (repeatable; default: COMPOSE_PROFILES)
  -o OUT                     Write the result to OUT (a folder with --per-service) instead of standard output
      --report FILE          Also write the report as JSON {errors, dropped, approximated, notes}
      --force                Replace OUT or the report file when it exists
  -h, --help                 Print this help

Exit status: 0 when converted, 1 when the result needs work before it runs (e.g. a service with only
"build", or a result Dockside's checks find an error in), 2 when there was nothing to convert or the
command line or a file could not be used.`;

const OPTIONS = {
  to: { names: ['--to'], value: 'ecs|compose' },
  launchType: { names: ['--launch-type'], value: 'FARGATE|EC2' },
  out: { names: ['-o'], value: 'OUT' },
  report: { names: ['--report'], value: 'FILE' },
  profile: { names: ['--profile'], value: 'NAME', repeatable: true },
  force: { names: ['--force'] },
  perService: { names: ['--per-service'] },
  help: HELP,
} as const;

const COMMAND = 'dockside convert';

function isFolder(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

/** Why a result or report cannot be written at `path`, checked before any work is done. */
function unwritable(path: string, force: boolean): string | undefined {
  if (isFolder(path)) return `${path} is a folder; give a file name`;
  if (existsSync(path) && !force) return `${path} exists; not overwriting it (use --force to replace it)`;
  return undefined;
}

function refuse(reason: string): number {
  process.stderr.write(`dockside: ${reason}\n`);
  return 2;
}

/** One entry of a report, `file:line: kind path: reason action`: terminals turn `file:line` into a link. */
export function lossLine(loss: LocatedLoss): string {
  return `${formatLoss(loss, loss.file && (relative(process.cwd(), loss.file) || loss.file))}\n`;
}

export function convertCommand(args: string[]): number {
  let parsed;
  try {
    parsed = parseArgs(args, OPTIONS);
    if (!parsed.options.help) {
      const { to, launchType } = parsed.options;
      if (parsed.operands.length !== 1)
        throw new UsageError(
          parsed.operands.length === 0 ? 'name the file to convert' : `one file to convert, not ${parsed.operands.length}`,
        );
      if (to === undefined) throw new UsageError('say what to convert to: --to ecs or --to compose');
      if (to !== 'ecs' && to !== 'compose') throw new UsageError(`--to takes ecs or compose, not "${to}"`);
      if (launchType !== undefined && !['FARGATE', 'EC2'].includes(launchType.toUpperCase()))
        throw new UsageError(`--launch-type takes FARGATE or EC2, not "${launchType}"`);
    }
  } catch (error) {
    if (error instanceof UsageError) return usageFailure(COMMAND, error);
    throw error;
  }
  if (parsed.options.help) {
    process.stdout.write(`${CONVERT_HELP}\n`);
    return 0;
  }
  const source = parsed.operands[0]!;
  const to = parsed.options.to as 'ecs' | 'compose';
  const launchType = parsed.options.launchType?.toUpperCase();
  const { out, report: reportPath, force, perService, profile: profiles } = parsed.options;
  if (!existsSync(source) || statSync(source).isDirectory()) return refuse(`${source}: no such file`);
  // Refusals come before the work: nothing is converted, printed or written when a target is in the way.
  const reportProblem = reportPath === undefined ? undefined : unwritable(reportPath, force);
  if (reportProblem) return refuse(reportProblem);
  if (out !== undefined && !perService) {
    const problem = unwritable(out, force);
    if (problem) return refuse(problem);
  }
  if (out !== undefined && perService && existsSync(out) && !isFolder(out))
    return refuse(`${out} is a file; --per-service writes a folder`);

  const result = convertFile({
    path: resolve(source),
    to,
    perService,
    launchType: launchType as 'FARGATE' | 'EC2' | undefined,
    ...(profiles.length > 0 ? { profiles } : {}),
    host: diskHost(),
    env: shellEnvironment(),
  });
  if (result.files.length === 0) {
    // Nothing to convert (no active service, a file that is not a task definition): the report says why, and nothing is written.
    for (const loss of result.losses) process.stderr.write(lossLine(loss));
    return 2;
  }
  const single = result.files.length === 1 && !perService;
  const targets = out === undefined ? [] : single ? [out] : result.files.map((file) => join(out, file.name));
  const taken = force ? undefined : targets.find((target) => existsSync(target));
  if (taken) return refuse(`${taken} exists; not overwriting it (use --force to replace it)`);

  for (const loss of result.losses) process.stderr.write(lossLine(loss));
  try {
    if (reportPath) {
      const pick = (kind: string) =>
        result.losses.filter((l) => l.kind === kind).map(({ path, reason, action, file, line }) => ({ path, reason, action, file, line }));
      const report = { errors: pick('error'), dropped: pick('dropped'), approximated: pick('approximated'), notes: pick('note') };
      writeFileSync(reportPath, `${JSON.stringify(report, null, 2)}\n`);
      process.stderr.write(`wrote ${reportPath}\n`);
    }
    if (out === undefined) {
      process.stdout.write(
        single
          ? result.files[0]!.text
          : `${JSON.stringify(
              result.files.map((f) => JSON.parse(f.text) as unknown),
              null,
              2,
            )}\n`,
      );
    } else {
      if (!single) mkdirSync(out, { recursive: true });
      result.files.forEach((file, i) => {
        writeFileSync(targets[i]!, file.text);
        process.stderr.write(`wrote ${targets[i]!}\n`);
      });
    }
  } catch (error) {
    return refuse(`could not write the result: ${error instanceof Error ? error.message : String(error)}`);
  }
  return result.losses.some((l) => l.kind === 'error') ? 1 : 0;
}
