// `dockside convert`: Compose ⇄ ECS task definition, with the report of what could not be carried over.
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { convertFile } from '@dockside/core';
import { diskHost, shellEnvironment } from '@dockside/core/node';
import { HELP, parseArgs, UsageError, usageFailure } from './args';

export const CONVERT_HELP = `Usage: dockside convert FILE --to ecs|compose [--per-service] [--launch-type FARGATE|EC2]
                        [-o OUT] [--report REPORT.json] [--force]

Turns a Compose file (with the override and .env files beside it) into ECS task definitions, or a task
definition into a Compose file, and lists what could not be carried over exactly, as
"file:line: kind path: reason" on standard error.

Options:
      --to ecs|compose       What to convert to
      --per-service          One task definition per service (default: one for the project)
      --launch-type TYPE     FARGATE (default) or EC2
  -o OUT                     Write the result to OUT (a folder with --per-service) instead of standard output
      --report FILE          Also write the report as JSON {errors, dropped, approximated, notes}
      --force                Replace OUT or the report file when it exists
  -h, --help                 Print this help

Exit status: 0 when converted, 1 when the result needs work before it runs (e.g. a service with only
"build"), 2 when the command line or a file could not be used.`;

const OPTIONS = {
  to: { names: ['--to'], value: 'ecs|compose' },
  launchType: { names: ['--launch-type'], value: 'FARGATE|EC2' },
  out: { names: ['-o'], value: 'OUT' },
  report: { names: ['--report'], value: 'FILE' },
  force: { names: ['--force'] },
  perService: { names: ['--per-service'] },
  help: HELP,
} as const;

const COMMAND = 'dockside convert';

/** Writes a result unless that would silently replace a file the user has. */
function writeResult(path: string, text: string, force: boolean): boolean {
  if (existsSync(path) && !force) {
    process.stderr.write(`dockside: ${path} exists; not overwriting it (use --force to replace it)\n`);
    return false;
  }
  writeFileSync(path, text);
  process.stderr.write(`wrote ${path}\n`);
  return true;
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
  const { out, report: reportPath, force, perService } = parsed.options;
  if (!existsSync(source) || statSync(source).isDirectory()) {
    process.stderr.write(`dockside: ${source}: no such file\n`);
    return 2;
  }
  // A file that would not be replaced is refused before the work, not after its report.
  const taken = [perService ? undefined : out, reportPath].find((path) => path !== undefined && existsSync(path) && !force);
  if (taken !== undefined) {
    process.stderr.write(`dockside: ${taken} exists; not overwriting it (use --force to replace it)\n`);
    return 2;
  }
  const result = convertFile({
    path: resolve(source),
    to,
    perService,
    launchType: launchType as 'FARGATE' | 'EC2' | undefined,
    host: diskHost(),
    env: shellEnvironment(),
  });
  for (const loss of result.losses) {
    const where = loss.file ? `${relative(process.cwd(), loss.file) || loss.file}:${loss.line ?? 1}: ` : '';
    process.stderr.write(`${where}${loss.kind} ${loss.path}: ${loss.reason}${loss.action ? ` ${loss.action}` : ''}\n`);
  }
  if (reportPath) {
    const pick = (kind: string) =>
      result.losses.filter((l) => l.kind === kind).map(({ path, reason, action, file, line }) => ({ path, reason, action, file, line }));
    const report = { errors: pick('error'), dropped: pick('dropped'), approximated: pick('approximated'), notes: pick('note') };
    if (!writeResult(reportPath, `${JSON.stringify(report, null, 2)}\n`, force)) return 2;
  }
  if (!out) {
    process.stdout.write(
      result.files.length === 1
        ? result.files[0]!.text
        : `${JSON.stringify(
            result.files.map((f) => JSON.parse(f.text) as unknown),
            null,
            2,
          )}\n`,
    );
  } else if (result.files.length === 1 && !perService) {
    if (!writeResult(out, result.files[0]!.text, force)) return 2;
  } else {
    mkdirSync(out, { recursive: true });
    for (const file of result.files) if (!writeResult(join(out, file.name), file.text, force)) return 2;
  }
  return result.losses.some((l) => l.kind === 'error') ? 1 : 0;
}
