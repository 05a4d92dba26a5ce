import { DiagnosticSeverity, DiagnosticTag, type Connection, type Diagnostic, type Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parseText, validateTaskDefinition, type Finding, type ParsedText, type Severity } from '@dockside/core';
import type { ErrorLog } from './handler';
import { composeFindings } from './projectContext';
import { toRange } from './ranges';
import { URI } from './uri';
import type { Workspace } from './workspace';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** What a diagnostic carries back to the server when the editor asks for its quick fixes. */
export interface DiagnosticData {
  version: number;
  fixes: Array<{ title: string; preferred?: boolean; edits: Array<{ range: Range; newText: string }> }>;
}

export function toDiagnostic(document: TextDocument, finding: Finding): Diagnostic {
  const diagnostic: Diagnostic = {
    range: toRange(document, finding.span),
    severity: SEVERITY[finding.severity],
    code: finding.code,
    source: 'dockside',
    message: finding.message,
  };
  if (finding.related?.length) {
    diagnostic.relatedInformation = finding.related.map((r) => ({
      location: { uri: document.uri, range: toRange(document, r.span) },
      message: r.message,
    }));
  }
  if (finding.fixes?.length) {
    const data: DiagnosticData = {
      version: document.version,
      fixes: finding.fixes.map((fix) => ({
        title: fix.title,
        preferred: fix.preferred,
        edits: fix.edits.map((e) => ({ range: toRange(document, e.span), newText: e.newText })),
      })),
    };
    diagnostic.data = data;
  }
  if (finding.tags?.length) {
    diagnostic.tags = finding.tags.map((t) => (t === 'unnecessary' ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated));
  }
  return diagnostic;
}

/**
 * Publishes diagnostics per document: at once when a document opens, after a short pause while the
 * user types (each keystroke restarts the pause), always for the newest version only.
 *
 * Documents whose pause is over wait in a queue and are checked one per turn of the event loop, and only
 * once the stream of changes has paused: the protocol library handles one queued message per turn, so
 * checking while a burst of changes is still being read (a branch switch, a search-and-replace across
 * 200 files) would check versions that are already superseded, and make every request wait behind them.
 * A request that arrives while documents are due is answered between two checks.
 */
export class DiagnosticScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly scheduledVersions = new Map<string, number>();
  /** Documents due for a check, in the order their pause ended (a Set keeps insertion order). */
  private readonly due = new Set<string>();
  private pumping = false;
  /** When a document last changed: checks wait until changes have stopped arriving for QUIET_MS. */
  private lastChange = 0;
  private static readonly QUIET_MS = 5;

  constructor(
    private readonly connection: Connection,
    private readonly current: (uri: string) => TextDocument | undefined,
    private readonly findingsOf: (document: TextDocument) => Finding[] | undefined,
  ) {}

  schedule(document: TextDocument, delay: number): void {
    this.lastChange = performance.now();
    if (this.scheduledVersions.get(document.uri) === document.version) return;
    this.cancel(document.uri);
    this.scheduledVersions.set(document.uri, document.version);
    const timer: NodeJS.Timeout = setTimeout(() => this.markDue(document.uri, timer), delay);
    this.timers.set(document.uri, timer);
  }

  cancel(uri: string): void {
    const timer = this.timers.get(uri);
    if (timer) clearTimeout(timer);
    this.timers.delete(uri);
    this.scheduledVersions.delete(uri);
    this.due.delete(uri);
  }

  clear(uri: string): void {
    this.cancel(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private markDue(uri: string, timer: NodeJS.Timeout): void {
    // A newer schedule replaced this one while it waited: that one will publish.
    if (this.timers.get(uri) !== timer) return;
    this.timers.delete(uri);
    this.due.add(uri);
    if (!this.pumping) {
      this.pumping = true;
      // setImmediate: answers to requests already handled (a completion) go out before a long check starts.
      setImmediate(() => this.pump());
    }
  }

  private pump(): void {
    const sinceChange = performance.now() - this.lastChange;
    if (sinceChange < DiagnosticScheduler.QUIET_MS) {
      setTimeout(() => this.pump(), DiagnosticScheduler.QUIET_MS - sinceChange);
      return;
    }
    const next = this.due.values().next();
    if (next.done) {
      this.pumping = false;
      return;
    }
    this.due.delete(next.value);
    try {
      this.publish(next.value);
    } finally {
      // A callback queued from inside the check phase runs on the next turn of the loop, after I/O.
      setImmediate(() => this.pump());
    }
  }

  private publish(uri: string): void {
    // Published: the same version may be checked again later (a file beside it changed).
    this.scheduledVersions.delete(uri);
    const document = this.current(uri);
    if (!document) return;
    const findings = this.findingsOf(document);
    if (!findings) return;
    const diagnostics = findings.map((f) => toDiagnostic(document, f));
    void this.connection.sendDiagnostics({ uri, version: document.version, diagnostics });
  }
}

/**
 * What Dockside finds in a document: undefined for one it does not check (its diagnostics are left alone).
 * A check that fails is logged and shown as one diagnostic, so the user knows the file was not checked.
 */
export function findingsOf(workspace: Workspace, document: TextDocument, log: ErrorLog): Finding[] | undefined {
  const kind = workspace.kindOf(document);
  if (kind === 'other') return undefined;
  if (!workspace.settings.diagnostics.enable) return [];
  const documentPath = URI.filePath(document.uri);
  const options = { host: workspace.host, documentPath };
  try {
    const parsed = workspace.parses.get(document);
    if (kind === 'compose') {
      // The document's own parse when the project reads its text; any other file is parsed afresh.
      const parse = (_path: string, text: string): ParsedText => (text === parsed.text ? parsed : parseText(text));
      return composeFindings(documentPath, document.getText(), workspace.host, parse);
    }
    return workspace.isTaskDefinition(document) ? validateTaskDefinition(document.getText(), options, parsed) : [];
  } catch (error) {
    log.error(`Checking ${document.uri} failed: ${error instanceof Error ? error.stack : String(error)}`);
    return [
      {
        code: 'dockside/internal-error',
        severity: 'error',
        message: 'Dockside could not check this file (an internal error; see the Dockside output).',
        span: [0, 0],
      },
    ];
  }
}

const folderOf = (uri: string): string | undefined => URI.filePath(uri)?.replace(/[\\/][^\\/]*$/, '');

/**
 * Keeps the open documents' diagnostics current: checked at once when opened, after a pause while the
 * user types (and the open Compose files of the same project with them), cleared when closed, all
 * re-checked when the settings change.
 */
export class Diagnostics {
  private readonly scheduler: DiagnosticScheduler;

  constructor(
    connection: Connection,
    private readonly workspace: Workspace,
    log: ErrorLog,
  ) {
    this.scheduler = new DiagnosticScheduler(
      connection,
      (uri) => workspace.documents.get(uri),
      (document) => findingsOf(workspace, document, log),
    );
  }

  opened(document: TextDocument): void {
    this.scheduler.schedule(document, 0);
  }

  changed(document: TextDocument): void {
    const delay = this.workspace.settings.diagnostics.delay;
    this.scheduler.schedule(document, delay);
    // Files of the same project are checked against this one: re-check the open ones beside it.
    const folder = folderOf(document.uri);
    if (folder === undefined || this.workspace.kindOf(document) !== 'compose') return;
    for (const other of this.workspace.documents.all()) {
      if (other.uri !== document.uri && folderOf(other.uri) === folder && this.workspace.kindOf(other) === 'compose') {
        this.scheduler.schedule(other, delay * 4);
      }
    }
  }

  closed(uri: string): void {
    this.scheduler.clear(uri);
  }

  revalidateAll(): void {
    for (const document of this.workspace.documents.all()) {
      this.scheduler.cancel(document.uri);
      if (this.workspace.isChecked(document)) this.scheduler.schedule(document, 0);
      else this.scheduler.clear(document.uri);
    }
  }
}
