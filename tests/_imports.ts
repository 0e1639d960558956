/**
 * Test helper: the module specifiers a TypeScript source imports, read from its tokens so that
 * comments (JSDoc examples) and strings (generated code) are not mistaken for imports.
 *
 * @module
 */

/** A token: a word, one punctuation character, or a string literal (with its value). */
type Token = { kind: "word" | "punct"; text: string } | { kind: "string"; value: string };

const WORD = /[\w$#]+/y;

/** Words after which a `/` starts a regular expression rather than a division. */
const BEFORE_REGEX = new Set([
  "return",
  "typeof",
  "case",
  "do",
  "else",
  "in",
  "of",
  "new",
  "delete",
  "void",
  "throw",
  "instanceof",
  "yield",
  "await",
]);

/**
 * Every specifier of a static `import … from`, `import "…"`, `export … from`, `import type`, and
 * `import("…")` with a literal string, in source order.
 */
export function importSpecifiers(source: string): string[] {
  const tokens = tokenize(source);
  const found: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind !== "word" || (token.text !== "import" && token.text !== "export")) continue;
    const before = tokens[i - 1];
    if (before?.kind === "punct" && before.text === ".") continue;
    const next = tokens[i + 1];
    if (token.text === "import" && next?.kind === "punct" && next.text === "(") {
      const literal = tokens[i + 2];
      const close = tokens[i + 3];
      if (literal?.kind === "string" && close?.kind === "punct" && /[),]/.test(close.text)) {
        found.push(literal.value);
      }
      continue;
    }
    if (token.text === "import" && next?.kind === "string") {
      found.push(next.value);
      continue;
    }
    if (token.text === "export" && !startsReExport(tokens, i + 1)) continue;
    if (token.text === "import" && (next?.kind !== "word" && !isPunct(next, "{", "*"))) continue;
    const specifier = fromClause(tokens, i + 1);
    if (specifier !== undefined) found.push(specifier);
  }
  return found;
}

function isPunct(token: Token | undefined, ...texts: string[]): boolean {
  return token?.kind === "punct" && texts.includes(token.text);
}

/** `export {`, `export *`, `export type {` or `export type *`: the forms that may end in `from`. */
function startsReExport(tokens: Token[], at: number): boolean {
  const first = tokens[at];
  if (isPunct(first, "{", "*")) return true;
  return first?.kind === "word" && first.text === "type" && isPunct(tokens[at + 1], "{", "*");
}

/** The string after `from`, when the statement's first string follows `from`. */
function fromClause(tokens: Token[], at: number): string | undefined {
  for (let j = at; j < tokens.length; j++) {
    const token = tokens[j]!;
    if (token.kind === "punct" && (token.text === ";" || token.text === "(")) return undefined;
    if (token.kind !== "string") continue;
    const before = tokens[j - 1];
    return before?.kind === "word" && before.text === "from" ? token.value : undefined;
  }
  return undefined;
}

/** Tokens outside comments; template literals without substitutions count as strings. */
function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  // One entry per open `{`: whether closing it resumes a template literal.
  const braces: boolean[] = [];
  let i = 0;
  // Reads a template literal's text from `start`; one without substitutions becomes a string.
  const template = (start: number, resumed: boolean): void => {
    let value = "";
    let j = start;
    while (j < source.length && source[j] !== "`") {
      if (source[j] === "\\") {
        value += source.slice(j, j + 2);
        j += 2;
      } else if (source.startsWith("${", j)) {
        braces.push(true);
        i = j + 2;
        return;
      } else value += source[j++];
    }
    i = j + 1;
    tokens.push(resumed ? { kind: "punct", text: "`" } : { kind: "string", value });
  };
  while (i < source.length) {
    const c = source[i]!;
    if (/\s/.test(c)) i++;
    else if (source.startsWith("//", i)) i = lineEnd(source, i);
    else if (source.startsWith("/*", i)) i = commentEnd(source, i);
    else if (c === '"' || c === "'") {
      let j = i + 1;
      let value = "";
      while (j < source.length && source[j] !== c) {
        if (source[j] === "\\") value += source[++j] ?? "";
        else value += source[j];
        j++;
      }
      tokens.push({ kind: "string", value });
      i = j + 1;
    } else if (c === "`") template(i + 1, false);
    else if (c === "}" && braces.at(-1) === true) {
      braces.pop();
      template(i + 1, true);
    } else if (/[\w$#]/.test(c)) {
      WORD.lastIndex = i;
      const word = WORD.exec(source)![0];
      tokens.push({ kind: "word", text: word });
      i += word.length;
    } else if (c === "/" && startsRegex(tokens.at(-1))) i = regexEnd(source, i);
    else {
      if (c === "{") braces.push(false);
      if (c === "}") braces.pop();
      tokens.push({ kind: "punct", text: c });
      i++;
    }
  }
  return tokens;
}

function lineEnd(source: string, from: number): number {
  const end = source.indexOf("\n", from);
  return end === -1 ? source.length : end;
}

function commentEnd(source: string, from: number): number {
  const end = source.indexOf("*/", from + 2);
  return end === -1 ? source.length : end + 2;
}

function startsRegex(previous: Token | undefined): boolean {
  if (previous === undefined) return true;
  if (previous.kind === "string") return false;
  if (previous.kind === "word") return BEFORE_REGEX.has(previous.text);
  return !/[)\]}`]/.test(previous.text);
}

/** The index after a regular expression literal starting at `start` (its flags included). */
function regexEnd(source: string, start: number): number {
  let j = start + 1;
  let inClass = false;
  while (j < source.length && source[j] !== "\n") {
    const c = source[j]!;
    if (c === "\\") j++;
    else if (c === "[") inClass = true;
    else if (c === "]") inClass = false;
    else if (c === "/" && !inClass) break;
    j++;
  }
  j++;
  while (j < source.length && /\w/.test(source[j]!)) j++;
  return j;
}
