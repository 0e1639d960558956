/**
 * Progress of long CLI operations (count and rate), shown on a terminal only.
 *
 * @module
 */

/** A progress line. */
export interface Progress {
  /** Reports the count so far (redrawn at most every 100 ms). */
  update(count: number): void;
  /** Prints the final count and ends the line. */
  done(count: number): void;
}

/**
 * Creates a progress line on `output` (default: stderr). When the output is not a terminal,
 * nothing is ever printed.
 *
 * @param label What is counted, e.g. `"exported"`.
 * @param options `output`: where to draw; `isTerminal`: override the terminal check.
 * @returns The progress line.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { createProgress } from "./progress.ts";
 *
 * const chunks: string[] = [];
 * const output = { writeSync: (b: Uint8Array) => chunks.push(new TextDecoder().decode(b)) };
 * const progress = createProgress("exported", { output, isTerminal: true });
 * progress.done(1500);
 * assert.match(chunks.join(""), /exported 1,500 entries \(\d[\d,]* \/s\)\n$/);
 * ```
 */
export function createProgress(
  label: string,
  options: { output?: { writeSync(bytes: Uint8Array): number }; isTerminal?: boolean } = {},
): Progress {
  const output = options.output ?? Deno.stderr;
  const enabled = options.isTerminal ?? Deno.stderr.isTerminal();
  const started = performance.now();
  const encoder = new TextEncoder();
  let drawn = 0;
  function draw(count: number, end: string) {
    const seconds = Math.max((performance.now() - started) / 1000, 0.001);
    const rate = Math.round(count / seconds).toLocaleString("en-US");
    const noun = count === 1 ? "entry" : "entries";
    const line = `\r${label} ${count.toLocaleString("en-US")} ${noun} (${rate} /s)${end}`;
    output.writeSync(encoder.encode(line));
  }
  return {
    update(count) {
      if (!enabled) return;
      const now = performance.now();
      if (now - drawn < 100) return;
      drawn = now;
      draw(count, "");
    },
    done(count) {
      if (enabled) draw(count, "\n");
    },
  };
}
