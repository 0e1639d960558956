/**
 * A function's `console` output, attributed to the request it ran for: each request runs in its
 * own `AsyncLocalStorage` context, and while a console is open `console.log` and friends also
 * append to the running request's lines (they still print as before).
 *
 * @module
 */
import { AsyncLocalStorage } from "node:async_hooks";

/** One line a function printed. */
export interface LogLine {
  /** `log`, `info`, `warn`, `error` or `debug`. */
  level: string;
  /** The text, formatted as the terminal shows it (without colours). */
  text: string;
}

/** The lines of one request. */
export interface Capture {
  /** The lines so far. */
  lines: LogLine[];
}

const LEVELS = ["log", "info", "warn", "error", "debug"] as const;
/** Lines kept per request, and characters per line. */
const MAX_LINES = 200;
const MAX_CHARS = 8 * 1024;

const storage = new AsyncLocalStorage<Capture>();
let users = 0;
let originals: Record<string, (...args: unknown[]) => void> | undefined;

function format(args: unknown[]): string {
  const text = args.map((arg) =>
    typeof arg === "string" ? arg : Deno.inspect(arg, { colors: false, depth: 4 })
  ).join(" ");
  return text.length > MAX_CHARS ? `${text.slice(0, MAX_CHARS)}…` : text;
}

/**
 * Starts attributing console output (counted: each `start` needs its own `stop`).
 *
 * @returns A function that stops it again.
 */
export function startCapture(): () => void {
  if (users++ === 0) {
    originals = {};
    for (const level of LEVELS) {
      const original = console[level];
      originals[level] = original;
      console[level] = function (...args: unknown[]) {
        const capture = storage.getStore();
        if (capture !== undefined && capture.lines.length < MAX_LINES) {
          capture.lines.push({ level, text: format(args) });
        }
        original.apply(console, args);
      };
    }
  }
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    if (--users === 0 && originals) {
      for (const level of LEVELS) console[level] = originals[level]!;
      originals = undefined;
    }
  };
}

/**
 * Runs `work` as one request: console output during it (and the promises it starts) goes to
 * `capture`.
 *
 * @param capture Where the lines go.
 * @param work The request's work.
 * @returns What `work` returns.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { captureOf, runCaptured, startCapture } from "./capture.ts";
 *
 * const stop = startCapture();
 * const capture = { lines: [] };
 * await runCaptured(capture, async () => {
 *   await Promise.resolve();
 *   console.debug("inside", { n: 1 });
 *   assert.equal(captureOf(), capture);
 * });
 * stop();
 * assert.deepEqual(capture.lines, [{ level: "debug", text: "inside { n: 1 }" }]);
 * ```
 */
export function runCaptured<T>(capture: Capture, work: () => T): T {
  return storage.run(capture, work);
}

/**
 * The capture of the request running now.
 *
 * @returns It, or `undefined` outside a request.
 */
export function captureOf(): Capture | undefined {
  return storage.getStore();
}
