/**
 * Cron expressions: five fields (minute, hour, day of month, month, day of week) in UTC, with
 * `*`, lists, ranges, steps and month/day names, plus the `@hourly`, `@daily`, `@weekly`,
 * `@monthly` and `@yearly` shorthands. Day of month and day of week both restricted: either
 * matches (as in Vixie cron).
 *
 * @module
 */

/** A parsed cron expression. */
export interface Cron {
  /** The expression as written. */
  source: string;
  /** Allowed values per field: minute, hour, day of month, month (1–12), day of week (0–6). */
  fields: [Set<number>, Set<number>, Set<number>, Set<number>, Set<number>];
  /** Whether day of month and day of week are both restricted (then either one matches). */
  either: boolean;
}

const SHORTHANDS: Record<string, string> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
const RANGES: [number, number, string[]?, number?][] = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12, MONTHS, 1],
  [0, 7, DAYS, 0],
];
const NAMES = ["minute", "hour", "day of month", "month", "day of week"];
const MINUTE = 60_000;
/** Eight years: every calendar pattern (Feb 29 included) repeats within them. */
const HORIZON = 8 * 366 * 24 * 60 * MINUTE;

function parseValue(text: string, field: number): number {
  const [, , names, base] = RANGES[field]!;
  const named = names?.indexOf(text.toLowerCase()) ?? -1;
  if (named >= 0) return named + base!;
  if (!/^\d+$/.test(text)) throw new Error(`'${text}' is not a ${NAMES[field]}`);
  return Number(text);
}

function parseField(text: string, field: number): Set<number> {
  const [min, max] = RANGES[field]!;
  const values = new Set<number>();
  for (const part of text.split(",")) {
    const [range, stepText, extra] = part.split("/");
    if (extra !== undefined || range === "") throw new Error(`'${part}' is not a cron range`);
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1 || !/^\d+$/.test(stepText ?? "1")) {
      throw new Error(`'${stepText}' is not a step`);
    }
    let from = min, to = max;
    if (range !== "*") {
      const [a, b, more] = range!.split("-");
      if (more !== undefined) throw new Error(`'${range}' is not a cron range`);
      from = parseValue(a!, field);
      to = b === undefined ? (stepText === undefined ? from : max) : parseValue(b, field);
    }
    if (from < min || to > max || from > to) {
      throw new Error(`'${part}' is outside ${min}-${max} for the ${NAMES[field]}`);
    }
    for (let v = from; v <= to; v += step) values.add(field === 4 && v === 7 ? 0 : v);
  }
  return values;
}

/**
 * Parses a cron expression.
 *
 * @param source Five fields or a shorthand, e.g. `"*\/5 * * * *"` or `"@daily"`.
 * @returns The parsed expression.
 * @throws {SyntaxError} When a field is malformed or out of range, or it never matches.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { nextTick, parseCron } from "./cron.ts";
 *
 * const cron = parseCron("*\/15 * * * *");
 * assert.equal(nextTick(cron, Date.UTC(2026, 0, 1, 10, 7)), Date.UTC(2026, 0, 1, 10, 15));
 * assert.throws(() => parseCron("61 * * * *"), SyntaxError);
 * ```
 */
export function parseCron(source: string): Cron {
  if (typeof source !== "string") {
    throw new SyntaxError(`Cannot parse cron expression ${String(source)}: not a string`);
  }
  const expanded = SHORTHANDS[source.trim().toLowerCase()] ?? source.trim();
  const parts = expanded.split(/\s+/);
  try {
    if (parts.length !== 5) throw new Error(`expected 5 fields, got ${parts.length}`);
    const fields = parts.map(parseField) as Cron["fields"];
    const cron = { source, fields, either: parts[2] !== "*" && parts[4] !== "*" };
    if (nextTick(cron, 0) === undefined) throw new Error("it never matches a date");
    return cron;
  } catch (error) {
    throw new SyntaxError(`Cannot parse cron expression '${source}': ${(error as Error).message}`);
  }
}

function dayMatches(cron: Cron, date: Date): boolean {
  const dom = cron.fields[2].has(date.getUTCDate());
  const dow = cron.fields[4].has(date.getUTCDay());
  return cron.either ? dom || dow : dom && dow;
}

/**
 * The first minute strictly after `after` that the expression matches (UTC).
 *
 * @param cron A parsed expression.
 * @param after Epoch milliseconds.
 * @returns Epoch milliseconds of the next tick, or `undefined` when none comes within 8 years.
 */
export function nextTick(cron: Cron, after: number): number | undefined {
  const date = new Date(Math.floor(after / MINUTE) * MINUTE + MINUTE);
  const limit = after + HORIZON;
  while (date.getTime() <= limit) {
    if (!cron.fields[3].has(date.getUTCMonth() + 1)) {
      date.setUTCMonth(date.getUTCMonth() + 1, 1);
      date.setUTCHours(0, 0, 0, 0);
    } else if (!dayMatches(cron, date)) {
      date.setUTCDate(date.getUTCDate() + 1);
      date.setUTCHours(0, 0, 0, 0);
    } else if (!cron.fields[1].has(date.getUTCHours())) {
      date.setUTCHours(date.getUTCHours() + 1, 0, 0, 0);
    } else if (!cron.fields[0].has(date.getUTCMinutes())) {
      date.setUTCMinutes(date.getUTCMinutes() + 1, 0, 0);
    } else return date.getTime();
  }
  return undefined;
}

/**
 * The last minute at or before `at` that the expression matches (UTC).
 *
 * @param cron A parsed expression.
 * @param at Epoch milliseconds.
 * @returns Epoch milliseconds of that tick, or `undefined` when none within 8 years before.
 */
export function previousTick(cron: Cron, at: number): number | undefined {
  const date = new Date(Math.floor(at / MINUTE) * MINUTE);
  const limit = at - HORIZON;
  while (date.getTime() >= limit) {
    if (!cron.fields[3].has(date.getUTCMonth() + 1)) {
      date.setUTCDate(0); // the last day of the previous month
      date.setUTCHours(23, 59, 0, 0);
    } else if (!dayMatches(cron, date)) {
      date.setUTCDate(date.getUTCDate() - 1);
      date.setUTCHours(23, 59, 0, 0);
    } else if (!cron.fields[1].has(date.getUTCHours())) {
      date.setUTCHours(date.getUTCHours() - 1, 59, 0, 0);
    } else if (!cron.fields[0].has(date.getUTCMinutes())) {
      date.setUTCMinutes(date.getUTCMinutes() - 1, 0, 0);
    } else return date.getTime();
  }
  return undefined;
}
