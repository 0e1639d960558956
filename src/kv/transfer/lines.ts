/**
 * Reading export lines: splitting NDJSON bytes into lines and validating each line as an
 * entry (`{"key":…,"value":…,"expiresAt":…}`).
 *
 * @module
 */
import type { KvKey, KvValue } from "../../types.ts";
import { prepareSet } from "../api/write.ts";

/** One exported entry (one line of an export). */
export interface ExportedEntry {
  /** The key. */
  key: KvKey;
  /** The value. */
  value: KvValue;
  /** Absolute expiry in epoch milliseconds; absent for entries without a TTL. */
  expiresAt?: number;
}

/** A bad line found by {@linkcode parseExport}. */
export interface ImportProblem {
  /** 1-based line number. */
  line: number;
  /** What is wrong with it. */
  message: string;
}

const FIELDS = new Set(["key", "value", "expiresAt"]);

/**
 * Parses and validates NDJSON export lines: each must be an object with a valid `key`, a JSON
 * `value` of at most 1 MB and, optionally, a numeric `expiresAt`. Blank lines are skipped.
 *
 * @param lines The lines (without line breaks), in order.
 * @returns The entries and every bad line.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseExport } from "./lines.ts";
 *
 * const { entries, problems } = await parseExport(['{"key":["a"],"value":1}', "{", ""]);
 * assert.deepEqual(entries, [{ key: ["a"], value: 1 }]);
 * assert.equal(problems[0]?.line, 2);
 * ```
 */
export async function parseExport(
  lines: AsyncIterable<string> | Iterable<string>,
): Promise<{ entries: ExportedEntry[]; problems: ImportProblem[] }> {
  const entries: ExportedEntry[] = [];
  const problems: ImportProblem[] = [];
  let line = 0;
  for await (const text of lines) {
    line++;
    if (text.trim() === "") continue;
    const parsed = parseLine(text);
    if (typeof parsed === "string") problems.push({ line, message: parsed });
    else entries.push(parsed);
  }
  return { entries, problems };
}

function parseLine(text: string): ExportedEntry | string {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return `not JSON: ${(error as Error).message}`;
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    return 'expected an object like {"key":[…],"value":…}';
  }
  const record = data as Record<string, unknown>;
  const unknown = Object.keys(record).find((name) => !FIELDS.has(name));
  if (unknown !== undefined) return `unknown field '${unknown}'`;
  if (!("key" in record)) return "missing 'key'";
  if (!("value" in record)) return "missing 'value'";
  const expiresAt = record.expiresAt;
  if (
    expiresAt !== undefined && (typeof expiresAt !== "number" || !Number.isFinite(expiresAt))
  ) {
    return "'expiresAt' must be a number of epoch milliseconds";
  }
  try {
    const prepared = prepareSet(record.key, record.value, undefined);
    const entry: ExportedEntry = { key: prepared.key, value: prepared.value as KvValue };
    if (expiresAt !== undefined) entry.expiresAt = expiresAt;
    return entry;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * Splits a byte stream into lines (`\n` or `\r\n`).
 *
 * @param input The bytes.
 * @returns The lines, without their line breaks.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { readLines } from "./lines.ts";
 *
 * const input = new Blob(["a\r\nb", "\nc"]).stream();
 * assert.deepEqual(await Array.fromAsync(readLines(input)), ["a", "b", "c"]);
 * ```
 */
export async function* readLines(input: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  let rest = "";
  for await (const chunk of input.pipeThrough(new TextDecoderStream())) {
    rest += chunk;
    const lines = rest.split("\n");
    rest = lines.pop()!;
    for (const line of lines) yield line.endsWith("\r") ? line.slice(0, -1) : line;
  }
  if (rest) yield rest.endsWith("\r") ? rest.slice(0, -1) : rest;
}
