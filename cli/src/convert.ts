// `dockside convert`: Compose ⇄ ECS task definition, with the report of what could not be carried over.
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { convertFile } from '@dockside/core';
import { diskHost, shellEnvironment } from '@dockside/core/node';
import { USAGE } from './usage';

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  if (index >= 0) return args[index + 1];
  return args.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
}

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
  const source = args.find((a, i) => !a.startsWith('-') && !['--to', '--launch-type', '-o', '--report'].includes(args[i - 1] ?? ''));
  const to = option(args, '--to');
  const launchType = option(args, '--launch-type')?.toUpperCase();
  const out = option(args, '-o');
  const reportPath = option(args, '--report');
  const force = args.includes('--force');
  const perService = args.includes('--per-service');
  if (!source || (to !== 'ecs' && to !== 'compose') || (launchType !== undefined && launchType !== 'FARGATE' && launchType !== 'EC2')) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  if (!existsSync(source) || statSync(source).isDirectory()) {
    process.stderr.write(`dockside: ${source}: no such file\n`);
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
