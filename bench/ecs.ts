// Part 3 of `npm run bench`: Dockside on Amazon ECS task definitions (JSON): first diagnostics,
// re-diagnostics after a one-character edit, and completion latency. Dockside only: no peer validates
// task definitions. See bench/README.md ("ECS task definitions") for what is measured and how.
import {
  completionLabels,
  fail,
  fmtInt,
  fmtMs,
  fmtP50P95,
  forVersion,
  hasDiagnosticOnLine,
  median,
  sleep,
  startServer,
  type BenchContext,
  type Section,
} from './common';
import { containerName, generateTaskDefinition } from './generateTaskDefinition';
import type { Diagnostic, LspClient, Position } from './lspClient';

const LANGUAGE_ID = 'json';
const FILE_NAME = 'bench-task-definition.json';
/** ECS's fixed quota of containers per task definition; above it Dockside reports exactly this. */
const MAX_CONTAINERS = 10;
const TOO_MANY = 'ecs/too-many-containers';
const REPEAT = 10;
const WARMUP_ROUNDS = 5;

type Point = 'key' | 'value';
const EXPECTED: Record<Point, string> = { key: 'workingDirectory', value: 'awsvpc' };

interface SizeResult {
  containers: number;
  lines: number;
  openDiagnostics: Diagnostic[];
  firstMs: number[];
  editMs: number[];
  key: number[];
  value: number[];
}

function describe(diagnostics: Diagnostic[]): string {
  return diagnostics.map((d) => `line ${d.range.start.line + 1}: ${d.code ?? '?'} ${d.message}`).join('\n  ');
}

/** The lines of the middle container the edits and requests use. */
function placesIn(
  text: string,
  containers: number,
): { nameLine: number; essentialLine: number; networkModeLine: number; networkModeValue: number } {
  const lines = text.split('\n');
  const name = containerName(Math.floor(containers / 2));
  const nameLine = lines.indexOf(`      "name": "${name}",`);
  if (nameLine < 0) return fail(`generated task definition has no container ${name}`);
  const essentialLine = lines.findIndex((l, i) => i > nameLine && l.startsWith('      "essential": '));
  const networkModeLine = lines.findIndex((l) => l.startsWith('  "networkMode": "awsvpc"'));
  if (essentialLine < 0 || networkModeLine < 0) return fail('generated task definition has no "essential" or "networkMode" line');
  return { nameLine, essentialLine, networkModeLine, networkModeValue: (lines[networkModeLine] as string).indexOf('"awsvpc"') + 1 };
}

function expectedOnOpen(containers: number, diagnostics: Diagnostic[]): boolean {
  if (containers <= MAX_CONTAINERS) return diagnostics.length === 0;
  return diagnostics.length === 1 && diagnostics[0]?.code === TOO_MANY;
}

class EcsBench {
  constructor(
    private readonly ctx: BenchContext,
    private readonly client: LspClient,
    private readonly requests: number,
  ) {}

  private async open(text: string, label: string, what: string): Promise<{ uri: string; ms: number; diagnostics: Diagnostic[] }> {
    const uri = this.ctx.ws.freshDoc(label, text, FILE_NAME);
    const r = await this.client.timeUntilDiagnostics(
      uri,
      (p) => forVersion(p, 1),
      () => this.client.didOpen(uri, text, 1, LANGUAGE_ID),
      60_000,
      what,
    );
    return { uri, ms: r.ms, diagnostics: r.publish.params.diagnostics };
  }

  /** The generated files of 1 and 10 containers are valid: Dockside must report nothing on them. */
  async checkClean(): Promise<void> {
    for (const containers of [1, MAX_CONTAINERS]) {
      const { uri, diagnostics } = await this.open(
        generateTaskDefinition(containers),
        `ecs-check-${containers}`,
        `didOpen of a ${containers}-container task definition`,
      );
      await this.client.didClose(uri);
      if (diagnostics.length > 0) {
        fail(
          `Dockside reported ${diagnostics.length} diagnostic(s) on the generated ${containers}-container task definition, which should be clean:\n  ${describe(diagnostics)}\n` +
            'Either bench/generateTaskDefinition.ts generates something ECS would reject (a generator bug) or Dockside reports a false positive: check each against the ECS documentation before trusting any number.',
        );
      }
      console.log(`  Dockside reports nothing on the generated ${containers}-container task definition (as expected)`);
    }
  }

  async size(containers: number): Promise<SizeResult> {
    const text = generateTaskDefinition(containers);
    const lines = text.split('\n').length - 1;
    const places = placesIn(text, containers);
    console.log(`\n${containers} container(s) (${lines} lines, ${(Buffer.byteLength(text) / 1024).toFixed(0)} KiB)`);
    const result: SizeResult = { containers, lines, openDiagnostics: [], firstMs: [], editMs: [], key: [], value: [] };

    // First diagnostics and re-diagnostics after `"essential"` → `"xssential"` (an unknown container key).
    const edited = text.split('\n');
    const essential = edited[places.essentialLine] as string;
    edited[places.essentialLine] = `${essential.slice(0, 7)}x${essential.slice(8)}`;
    const editedText = edited.join('\n');
    const editRange = { start: { line: places.essentialLine, character: 7 }, end: { line: places.essentialLine, character: 8 } };
    for (let r = 0; r < REPEAT; r++) {
      const open = await this.open(text, `ecs${containers}`, `didOpen of ${containers} containers`);
      result.firstMs.push(open.ms);
      if (r === 0) {
        result.openDiagnostics = open.diagnostics;
        if (!expectedOnOpen(containers, open.diagnostics)) {
          this.ctx.notes.add(
            `ecs-open-${containers}`,
            `Dockside reported ${open.diagnostics.length} diagnostic(s) on the ${containers}-container task definition (expected ${
              containers <= MAX_CONTAINERS ? 'none' : `only ${TOO_MANY}`
            }): ${describe(open.diagnostics.slice(0, 5))}`,
          );
        }
      }
      await sleep(100);
      const edit = await this.client.timeUntilDiagnostics(
        open.uri,
        (p) => forVersion(p, 2) && hasDiagnosticOnLine(p, places.essentialLine),
        () => this.client.didChange(open.uri, 2, editRange, 'x', editedText),
        60_000,
        `the one-character edit on ${containers} containers`,
      );
      result.editMs.push(edit.ms);
      await sleep(100);
      await this.client.didClose(open.uri);
      this.client.publishes.delete(open.uri);
    }
    console.log(`  first ${result.firstMs.map((v) => fmtMs(v)).join(', ')} ms`);
    console.log(`  edit  ${result.editMs.map((v) => fmtMs(v)).join(', ')} ms`);

    // Completion: v2 empties the networkMode value (`"networkMode": "|"`) and adds a blank line in the middle container.
    const open = await this.open(text, `ecs${containers}-completion`, `didOpen of ${containers} containers`);
    const lines2 = text.split('\n');
    const nm = lines2[places.networkModeLine] as string;
    lines2[places.networkModeLine] = `${nm.slice(0, places.networkModeValue)}${nm.slice(places.networkModeValue + 'awsvpc'.length)}`;
    lines2.splice(places.nameLine + 1, 0, '      ');
    const changes = [
      {
        range: {
          start: { line: places.networkModeLine, character: places.networkModeValue },
          end: { line: places.networkModeLine, character: places.networkModeValue + 'awsvpc'.length },
        },
        text: '',
      },
      { range: { start: { line: places.nameLine + 1, character: 0 }, end: { line: places.nameLine + 1, character: 0 } }, text: '      \n' },
    ];
    await this.client.timeUntilDiagnostics(
      open.uri,
      (p) => forVersion(p, 2) && hasDiagnosticOnLine(p, places.networkModeLine),
      () => this.client.didChangeMany(open.uri, 2, changes, lines2.join('\n')),
      60_000,
      `the validation after preparing the ${containers}-container document`,
    );
    const positions: Record<Point, Position> = {
      key: { line: places.nameLine + 1, character: 6 },
      value: { line: places.networkModeLine, character: places.networkModeValue },
    };
    for (let r = 0; r < WARMUP_ROUNDS + this.requests; r++) {
      for (const point of ['key', 'value'] as const) {
        const res = await this.client.timeRequest<unknown>(
          'textDocument/completion',
          { textDocument: { uri: open.uri }, position: positions[point], context: { triggerKind: 1 } },
          60_000,
        );
        const labels = completionLabels(res.result);
        if (!labels.includes(EXPECTED[point])) {
          fail(
            `Dockside's completion at the ${point} position of the ${containers}-container task definition does not offer "${EXPECTED[point]}"; it offered ${
              labels.length
            } item(s): ${labels.slice(0, 20).join(', ') || '(none)'}`,
          );
        }
        if (r >= WARMUP_ROUNDS) result[point].push(res.ms);
      }
    }
    await this.client.didClose(open.uri);
    console.log(`  completion p50/p95 ms: key ${fmtP50P95(result.key)}, value ${fmtP50P95(result.value)}`);
    return result;
  }
}

function table(results: SizeResult[]): string {
  const rows = [
    '| containers | lines | diagnostics on open | first ms | edit ms | key completion p50 / p95 ms | value completion p50 / p95 ms | requests per point |',
    '| ---: | ---: | :--- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of results) {
    const diags =
      r.openDiagnostics.length === 0
        ? '0'
        : `${r.openDiagnostics.length} (${[...new Set(r.openDiagnostics.map((d) => String(d.code ?? '?')))].join(', ')})`;
    rows.push(
      `| ${fmtInt(r.containers)} | ${fmtInt(r.lines)} | ${diags} | ${fmtMs(median(r.firstMs))} | ${fmtMs(median(r.editMs))} | ${fmtP50P95(r.key)} | ${fmtP50P95(
        r.value,
      )} | ${r.key.length} |`,
    );
  }
  return rows.join('\n');
}

/** Runs part 3 (one Dockside process for all sizes) and returns its section of the report. */
export async function runEcs(ctx: BenchContext, containersList: number[], requests: number): Promise<Section> {
  console.log('\n=== ECS task definitions (Dockside only) ===');
  if (!ctx.specs.dockside) fail('the ECS part needs Dockside (BENCH_SERVERS=peer): skip it with BENCH_SKIP=ecs');
  const client = await startServer(ctx, 'dockside');
  const results: SizeResult[] = [];
  try {
    const bench = new EcsBench(ctx, client, requests);
    await bench.checkClean();
    for (const n of containersList) results.push(await bench.size(n));
  } finally {
    await client.shutdown();
  }
  const over = results.filter((r) => r.containers > MAX_CONTAINERS).map((r) => fmtInt(r.containers));
  return {
    title: 'ECS task definitions (Dockside only)',
    intro: [
      'Dockside alone: no other language server validates ECS task definitions. Generated Fargate task definitions (`awsvpc`, a valid task size; per container name, image, cpu, memory, port mappings, environment, a secret, mount points on task volumes, `dependsOn` on the previous container, awslogs with group/region/stream prefix, a health check on every third), opened as `*-task-definition.json` with language id `json`. One Dockside process for all sizes.',
      `"first" = didOpen → first diagnostics (median of ${REPEAT}); "edit" = one-character didChange (\`"essential"\` → \`"xssential"\` in the middle container) → the diagnostics that report it (median of ${REPEAT}, including the 50 ms debounce); completion p50 / p95 (nearest rank) on an idle server after ${WARMUP_ROUNDS} warm-up rounds, at a blank line in the middle container ("key", must offer \`workingDirectory\`) and inside \`"networkMode": ""\` ("value", must offer \`awsvpc\`). The generated files of 1 and 10 containers must get no diagnostics, or the bench stops.`,
    ],
    table: table(results),
    after: over.length
      ? [
          `- ${over.join(', ')} containers exceed ECS's fixed quota of ${MAX_CONTAINERS} containers per task definition: fine for measuring speed; Dockside reports it as the file's one error (\`${TOO_MANY}\`).`,
        ]
      : [],
    details: results.map(
      (r) =>
        `- ${r.containers} container(s): first ${r.firstMs.map((v) => v.toFixed(0)).join(', ')} ms; edit ${r.editMs.map((v) => v.toFixed(0)).join(', ')} ms; key completion ${r.key
          .map((v) => v.toFixed(1))
          .join(', ')} ms; value completion ${r.value.map((v) => v.toFixed(1)).join(', ')} ms`,
    ),
  };
}
