/**
 * The problems the routes view shows: files that fail to import (with file and line, as the
 * terminal prints them), files that are not functions, and a reload that failed. They come from
 * the app's logger; a successful reload clears them (the reload reports the ones that remain).
 *
 * @module
 */

/** A problem of the project. */
export interface Problem {
  /** `error` or `warning`. */
  level: "error" | "warning";
  /** The message as the terminal prints it. */
  message: string;
  /** The file it is about, relative to the root, when it names one. */
  file?: string;
  /** Line and column in that file, when the error gives them. */
  line?: number;
  column?: number;
}

/**
 * Finds the file and position a problem message is about.
 *
 * @param message The message (`Cannot load function file '@api/a.ts': … at file:///p/@api/a.ts:3:7`).
 * @returns The problem.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { describeProblem } from "./problems.ts";
 *
 * const message = "Cannot load function file '@api/a.get.ts': Expected ';', got 'x' at " +
 *   "file:///p/@api/a.get.ts?v=1-2:3:7";
 * assert.deepEqual(describeProblem("error", message), {
 *   level: "error",
 *   message,
 *   file: "@api/a.get.ts",
 *   line: 3,
 *   column: 7,
 * });
 * ```
 */
export function describeProblem(level: "error" | "warning", message: string): Problem {
  // Request ids ("req-…") before a message are not part of it.
  const text = message.replace(/^\S+ (?=Cannot load function file )/, "");
  const problem: Problem = { level, message: text };
  const named = /(?:file|File|route file|Route file) '([^']+)'/.exec(text);
  if (named) problem.file = named[1]!;
  const at = /file:\/\/[^\s'"]*?(?:\?[^\s:'"]*)?:(\d+):(\d+)/.exec(text);
  if (at) {
    problem.line = Number(at[1]);
    problem.column = Number(at[2]);
  }
  return problem;
}

/**
 * The current problems, one per file (the latest wins) and one per other message. A reload
 * starts a new round: once it succeeds, only the problems reported since its start remain (the
 * new table's imports report theirs, possibly before the reload resolves).
 */
export class Problems {
  #items = new Map<string, { problem: Problem; round: number }>();
  #round = 0;

  /** Adds a problem; returns whether the list changed. */
  add(level: "error" | "warning", message: string): boolean {
    const problem = describeProblem(level, message);
    const key = problem.file ?? problem.message;
    const before = this.#items.get(key);
    this.#items.set(key, { problem, round: this.#round });
    return before?.problem.message !== problem.message;
  }

  /** A reload starts. */
  begin(): void {
    this.#round++;
  }

  /** The reload succeeded: forgets the problems reported before it started. */
  keepCurrent(): void {
    for (const [key, item] of this.#items) {
      if (item.round < this.#round) this.#items.delete(key);
    }
  }

  /** The problems, errors first. */
  list(): Problem[] {
    const problems = [...this.#items.values()].map((item) => item.problem);
    return problems.sort((a, b) => a.level === b.level ? 0 : a.level === "error" ? -1 : 1);
  }
}
