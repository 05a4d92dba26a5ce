/**
 * Compose splits a string `command` or `entrypoint` into words the way a shell would (it uses
 * go-shellwords), but it runs no shell: `command: echo $HOME && ls` passes "$HOME", "&&" and "ls" to
 * echo as plain arguments. So the faithful ECS form is the same word list, never `["sh", "-c", …]`,
 * which would change what runs. What a shell would have interpreted is flagged, so the user can
 * decide to wrap it in `sh -c` deliberately.
 */

export interface ShellWords {
  words: string[];
  /** Unquoted `|`, `&`, `;`, `<`, `>`, or `$`/backticks outside single quotes: shell syntax no shell will see. */
  shellSyntax: boolean;
}

const OPERATORS = new Set(['|', '&', ';', '<', '>']);

/** The words of a command line, or undefined when a quote is never closed (Compose refuses it too). */
export function splitShellWords(text: string): ShellWords | undefined {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: "'" | '"' | undefined;
  let shellSyntax = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quote === "'") {
      if (char === "'") quote = undefined;
      else word += char;
      continue;
    }
    if (quote === '"') {
      if (char === '"') quote = undefined;
      else if (char === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1]!)) word += text[++i];
      else {
        if (char === '$' || char === '`') shellSyntax = true;
        word += char;
      }
      continue;
    }
    if (/\s/.test(char)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      continue;
    }
    inWord = true;
    if (char === "'" || char === '"') quote = char;
    else if (char === '\\' && i + 1 < text.length) word += text[++i];
    else {
      if (OPERATORS.has(char) || char === '$' || char === '`') shellSyntax = true;
      word += char;
    }
  }
  if (quote) return undefined;
  if (inWord) words.push(word);
  return { words, shellSyntax };
}
