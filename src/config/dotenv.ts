/**
 * `.env` files: parsing and loading into the environment without overriding
 * variables that are already set.
 *
 * @module
 */

const ASSIGNMENT = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=(.*)$/;
const QUOTE_NAMES: Readonly<Record<string, string>> = {
  '"': "double-quoted",
  "'": "single-quoted",
  "`": "backtick-quoted",
};
const ESCAPES: Readonly<Record<string, string>> = {
  n: "\n",
  r: "\r",
  t: "\t",
  '"': '"',
  "\\": "\\",
};

/** Options of {@linkcode parseDotenv}. */
export type ParseDotenvOptions = {
  /** The file the text came from, named in error messages instead of `.env`. */
  path?: string;
};

/**
 * Parses the text of a `.env` file. Supports `KEY=VALUE` lines, an `export `
 * prefix, `#` comments (whole lines, and after unquoted values when preceded by
 * whitespace), single quotes (literal), double quotes (`\n`, `\r`, `\t`, `\"`
 * and `\\` escapes) and backticks (literal); quoted values may span lines.
 * Unquoted values are trimmed. `${VAR}` expansion is NOT supported: the text
 * is kept as written. A later assignment of a key wins. Throws a `SyntaxError`
 * naming the line for anything else.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseDotenv } from "./dotenv.ts";
 *
 * const env = parseDotenv('# secrets\nexport API_KEY=abc # prod\nGREETING="hi\\nthere"\n');
 * assert.deepEqual(env, { API_KEY: "abc", GREETING: "hi\nthere" });
 * assert.throws(() => parseDotenv("A=1\n\noops"), {
 *   name: "SyntaxError",
 *   message: "Cannot parse .env line 3: expected KEY=VALUE",
 * });
 * ```
 */
export function parseDotenv(
  text: string,
  options: ParseDotenvOptions = {},
): Record<string, string> {
  const label = options.path === undefined ? ".env" : `'${options.path}'`;
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  const result = new Map<string, string>();
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    const match = ASSIGNMENT.exec(line);
    const fail = (detail: string) =>
      new SyntaxError(`Cannot parse ${label} line ${index + 1}: ${detail}`);
    if (match === null) throw fail("expected KEY=VALUE");
    const key = match[1]!;
    const raw = match[2]!;
    const rest = raw.trimStart();
    const quote = rest[0];
    if (quote !== '"' && quote !== "'" && quote !== "`") {
      const comment = /\s#/.exec(raw);
      result.set(key, (comment === null ? raw : raw.slice(0, comment.index)).trim());
      continue;
    }
    let body = rest.slice(1);
    let end = findClosingQuote(body, quote);
    const start = index;
    while (end === -1 && index + 1 < lines.length) {
      index++;
      body += "\n" + lines[index]!;
      end = findClosingQuote(body, quote);
    }
    if (end === -1) {
      throw new SyntaxError(
        `Cannot parse ${label} line ${start + 1}: unterminated ${QUOTE_NAMES[quote]} value`,
      );
    }
    const after = body.slice(end + 1).trim();
    if (after !== "" && !after.startsWith("#")) {
      throw fail(`unexpected text after the ${QUOTE_NAMES[quote]} value`);
    }
    const value = body.slice(0, end);
    result.set(key, quote === '"' ? unescape(value) : value);
  }
  return Object.fromEntries(result);
}

function findClosingQuote(text: string, quote: string): number {
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === "\\" && quote === '"') i++;
    else if (char === quote) return i;
  }
  return -1;
}

function unescape(value: string): string {
  return value.replace(/\\(.)/gs, (whole, char: string) => ESCAPES[char] ?? whole);
}

/**
 * Loads the `.env` file at `path` (a missing file loads nothing) and sets each
 * variable with `Deno.env.set` unless it is already set, so the real
 * environment always wins. Returns the names it set.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadDotenv } from "./dotenv.ts";
 *
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/.env`, "APIFN_DOC_EXAMPLE=from-file\n");
 * assert.deepEqual(await loadDotenv(`${dir}/.env`), ["APIFN_DOC_EXAMPLE"]);
 * assert.equal(Deno.env.get("APIFN_DOC_EXAMPLE"), "from-file");
 * assert.deepEqual(await loadDotenv(`${dir}/missing.env`), []);
 * Deno.env.delete("APIFN_DOC_EXAMPLE");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function loadDotenv(path: string): Promise<string[]> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return [];
    throw error;
  }
  return setMissing(parseDotenv(text, { path }));
}

/**
 * Sets each variable with `Deno.env.set` unless it is already set (the real environment always
 * wins). Returns the names it set.
 *
 * @param values Variables by name.
 * @returns The names it set.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { setMissing } from "./dotenv.ts";
 *
 * assert.deepEqual(setMissing({ APIFN_DOC_SET: "x" }), ["APIFN_DOC_SET"]);
 * assert.deepEqual(setMissing({ APIFN_DOC_SET: "y" }), []);
 * Deno.env.delete("APIFN_DOC_SET");
 * ```
 */
export function setMissing(values: Record<string, string>): string[] {
  const names: string[] = [];
  for (const [name, value] of Object.entries(values)) {
    if (Deno.env.get(name) !== undefined) continue;
    Deno.env.set(name, value);
    names.push(name);
  }
  return names;
}
