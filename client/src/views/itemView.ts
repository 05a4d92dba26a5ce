// What a tree item looks like, decided by the pure models and turned into a vscode.TreeItem by the
// thin adapters. No `vscode` import: the models are tested as plain functions.

export interface IconView {
  /** A codicon id (`vm-running`, `database`, …). */
  readonly id: string;
  /** A theme colour id (`charts.green`, `list.warningForeground`), when the state deserves one. */
  readonly color?: string;
}

export interface ItemView {
  /** Stable across refreshes, so expanded items stay expanded. */
  readonly id: string;
  readonly label: string;
  readonly description?: string;
  /** Markdown. */
  readonly tooltip?: string;
  readonly icon?: IconView;
  /** What package.json's `view/item/context` menus match on; see contextValues.ts. */
  readonly contextValue?: string;
  readonly collapsible: 'none' | 'collapsed' | 'expanded';
  /** Run on click (opening a Compose file at a service, a file from a volume). */
  readonly command?: { readonly id: string; readonly title: string; readonly arguments: readonly unknown[] };
}

/** `1.5 GB`, `12 kB`, `0 B`: sizes as the docker CLI prints them (decimal units). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '?';
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** `a`, `a and b`, `a, b and 3 more`: short lists in descriptions. */
export function listNames(names: readonly string[], shown = 3): string {
  if (names.length <= 1) return names.join('');
  if (names.length <= shown) return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return `${names.slice(0, shown).join(', ')} and ${names.length - shown} more`;
}

/** Escapes text for a Markdown tooltip. */
export function md(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
