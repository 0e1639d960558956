/**
 * What `apifn dev` prints: route table diffs after a reload, and each problem once.
 *
 * @module
 */
import type { RouteInfo } from "../app/route_info.ts";

/**
 * Lines describing routes added (`+`) and removed (`-`) between two tables.
 *
 * @param before The table before the reload.
 * @param after The table after it.
 * @returns One line per added or removed route (empty when the table is the same).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { routeDiff } from "./dev_report.ts";
 *
 * const a = { method: "GET", path: "/api/a", file: "@api/a.get.ts" };
 * const b = { method: "GET", path: "/api/b", file: "@api/b.get.ts" };
 * assert.deepEqual(routeDiff([a], [b]), [
 *   "  + GET     /api/b  (@api/b.get.ts)",
 *   "  - GET     /api/a  (@api/a.get.ts)",
 * ]);
 * ```
 */
export function routeDiff(before: readonly RouteInfo[], after: readonly RouteInfo[]): string[] {
  const key = (r: RouteInfo) => `${r.method.padEnd(7)} ${r.path}  (${r.file})`;
  const old = new Set(before.map(key));
  const now = new Set(after.map(key));
  return [
    ...[...now].filter((k) => !old.has(k)).map((k) => `  + ${k}`),
    ...[...old].filter((k) => !now.has(k)).map((k) => `  - ${k}`),
  ];
}

/** A logger for the app that prints each problem once. */
export interface DevLogger {
  /** Prints a warning unless the same text was printed and not forgotten since. */
  warn(message: string): void;
  /** Prints an error unless the same error object was printed already. */
  error(message: string, error?: unknown): void;
  /** Forgets printed warnings that name one of these project-relative paths (they changed). */
  forget(relativePaths: Iterable<string>): void;
}

/**
 * Creates the dev logger. A file that fails to import is imported once per version, so its
 * error object is the same on every request and every reload: it is printed once. Import
 * errors are printed as their message (file and line included), other errors with their stack.
 *
 * @param print Where lines go.
 * @returns The logger.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { createDevLogger } from "./dev_report.ts";
 *
 * const lines: string[] = [];
 * const logger = createDevLogger((line) => lines.push(line));
 * const error = new SyntaxError("Unexpected token at file:///p/@api/a.ts:3:1");
 * logger.error(`Cannot load function file '@api/a.ts': ${error.message}`, error);
 * logger.error(`req-2 Cannot load function file '@api/a.ts': ${error.message}`, error);
 * logger.warn("Function folder '/blog' does not exist yet");
 * logger.warn("Function folder '/blog' does not exist yet");
 * assert.equal(lines.length, 2);
 * ```
 */
export function createDevLogger(print: (line: string) => void): DevLogger {
  const errors = new WeakSet<object>();
  const warnings = new Set<string>();
  return {
    warn(message) {
      if (warnings.has(message)) return;
      warnings.add(message);
      print(`apifn: warning: ${message}`);
    },
    error(message, error) {
      if (typeof error === "object" && error !== null) {
        if (errors.has(error)) return;
        errors.add(error);
      }
      const detail = error instanceof Error ? error.message : undefined;
      if (error === undefined || (detail !== undefined && message.includes(detail))) {
        print(`apifn: ${message}`);
      } else {
        print(`apifn: ${message}\n${error instanceof Error ? error.stack : String(error)}`);
      }
    },
    forget(relativePaths) {
      const paths = [...relativePaths];
      for (const message of warnings) {
        if (paths.some((path) => message.includes(`'${path}`))) warnings.delete(message);
      }
    },
  };
}

/**
 * The lines printed after a successful reload: what changed and the route diff.
 *
 * @param change `names`: changed paths (relative); `helpers`: those that are imported modules
 * rather than function files; `before` / `after`: the route tables.
 * @returns The lines.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { reloadReport } from "./dev_report.ts";
 *
 * const lines = reloadReport({ names: ["@api/a.get.ts"], helpers: [], before: [], after: [] });
 * assert.deepEqual(lines, ["apifn dev: reloaded (@api/a.get.ts)"]);
 * ```
 */
export function reloadReport(change: {
  names: readonly string[];
  helpers: readonly string[];
  before: readonly RouteInfo[];
  after: readonly RouteInfo[];
}): string[] {
  const shown = change.names.slice(0, 3).join(", ") +
    (change.names.length > 3 ? ` and ${change.names.length - 3} more` : "");
  const lines = [`apifn dev: reloaded (${shown})`, ...routeDiff(change.before, change.after)];
  if (change.helpers.length > 0) {
    lines.push(
      `apifn dev: ${change.helpers.map((h) => `'${h}'`).join(", ")} changed: function files ` +
        "were re-imported, but Deno caches the modules they import; restart 'apifn dev' to " +
        "load the new version of an imported module",
    );
  }
  return lines;
}
