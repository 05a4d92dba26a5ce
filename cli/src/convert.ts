// `dockside convert`: Compose ⇄ ECS task definition, with the report of what could not be carried over.
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { convertFile, formatLoss, type LocatedLoss } from '@dockside/core';
import { diskHost, shellEnvironment } from '@dockside/core/node';
import { USAGE } from './usage';

const VALUED = ['--to', '--launch-type', '-o', '--report', '--profile'];

/** Every value of an option (`--profile a --profile=b`), in order. */
function values(args: string[], name: string): string[] {
  return args.flatMap((arg, i) => (arg === name ? [args[i + 1] ?? ''] : arg.startsWith(`${name}=`) ? [arg.slice(name.length + 1)] : []));
}

function option(args: string[], name: string): string | undefined {
  return values(args, name)[0];
}

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

function lossLine(loss: LocatedLoss): string {
  return `${formatLoss(loss, loss.file && (relative(process.cwd(), loss.file) || loss.file))}\n`;
}

export function convertCommand(args: string[]): number {
  const source = args.find((a, i) => !a.startsWith('-') && !VALUED.includes(args[i - 1] ?? ''));
  const to = option(args, '--to');
  const launchType = option(args, '--launch-type')?.toUpperCase();
  const out = option(args, '-o');
  const reportPath = option(args, '--report');
  const profiles = values(args, '--profile');
  const force = args.includes('--force');
  const perService = args.includes('--per-service');
  if (!source || (to !== 'ecs' && to !== 'compose') || (launchType !== undefined && launchType !== 'FARGATE' && launchType !== 'EC2')) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  if (profiles.some((profile) => profile === '' || profile.startsWith('-'))) return refuse('--profile needs a profile name');
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
