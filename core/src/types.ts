/** Shared vocabulary of the core: plain data, offsets into the text, no editor types. */

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A half-open range of UTF-16 offsets into the document text: [start, end). */
export type Span = readonly [number, number];

export interface RelatedSpan {
  span: Span;
  message: string;
}

/** A replacement of the text in `span` (an insertion when the span is empty, a deletion when newText is ''). */
export interface TextEdit {
  span: Span;
  newText: string;
}

/** A quick fix: a title for the lightbulb menu and the edits that apply it, computed by the core. */
export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The fix a user most likely wants (VS Code's "preferred" quick fix, applied by Auto Fix). */
  preferred?: boolean;
}

/** One problem found in a document, as the core reports it. The LSP adapter and the CLI map it. */
export interface Finding {
  code: string;
  severity: Severity;
  message: string;
  span: Span;
  related?: RelatedSpan[];
  /** Marks findings editors may render specially (faded for unused, struck through for deprecated). */
  tags?: Array<'unnecessary' | 'deprecated'>;
  /** Quick fixes for this problem, as text edits. */
  fixes?: Fix[];
}

/** A step into a parsed document: a map key or a sequence index. */
export type PathSegment = string | number;
export type Path = readonly PathSegment[];

/** What the core may ask of its host (the server, the CLI, a test). Keeps the core free of I/O. */
export interface Host {
  /** True when a file exists at this absolute path. */
  fileExists(path: string): boolean;
}

export const noHost: Host = { fileExists: () => true };
