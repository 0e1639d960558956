/**
 * Importing every function file in the background (`preload: "background"`, as `apifn start`
 * and `apifn dev` do): broken files are reported at once instead of on their first request,
 * and a file whose import has not finished within the time limit is reported as stalled.
 *
 * @module
 */
import type { RouteTable } from "../routing/table.ts";
import type { MiddlewareModule } from "./chains.ts";
import type { FunctionRoute } from "./handle_env.ts";
import { loadTimedOut } from "./load_wait.ts";

/** A running warm-up. */
export interface WarmUp {
  /** Resolves once every import has settled, stalled or been given up by `stop()`. */
  done: Promise<void>;
  /** Stops waiting (imports cannot be cancelled: they go on, unobserved). */
  stop(): void;
}

/** What a warm-up reports to and changes. */
export interface WarmUpEnv {
  /** The request time limit, ms: an import still running after it is reported. */
  timeoutMs: number;
  /** The `_middleware.ts` files of the table, imported too (broken ones reported). */
  middlewares?: readonly MiddlewareModule[];
  /** The table in use now (a reload replaces it: the warm-up of the old one stays silent). */
  current(): RouteTable<FunctionRoute>;
  /** Drops the route of a file that is not a function; `undefined` when it is kept (dev). */
  disable(route: RouteTable<FunctionRoute>["routes"][number], message: string): unknown;
  /** Where problems go. */
  logger: { warn(message: string): void; error(message: string, error?: unknown): void };
}

/**
 * Imports every function of `table` in the background.
 *
 * @param table The route table to warm up.
 * @param env The time limit, the current table, `disable` and the logger.
 * @returns The warm-up, to stop and await on close.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { warmUp } from "./warm_up.ts";
 *
 * const table = { routes: [] } as unknown as Parameters<typeof warmUp>[0];
 * const warming = warmUp(table, {
 *   timeoutMs: 1000,
 *   current: () => table,
 *   disable: () => undefined,
 *   logger: console,
 * });
 * warming.stop();
 * await warming.done;
 * assert.ok(warming);
 * ```
 */
export function warmUp(table: RouteTable<FunctionRoute>, env: WarmUpEnv): WarmUp {
  const given = Promise.withResolvers<"stalled" | "stopped">();
  // One timer for the whole warm-up: every import started now, so all share the limit.
  const timer = Number.isFinite(env.timeoutMs)
    ? setTimeout(() => given.resolve("stalled"), env.timeoutMs)
    : undefined;
  const stop = () => {
    clearTimeout(timer);
    given.resolve("stopped");
  };
  const functions = Promise.all(table.routes.map(async (route) => {
    const loading = route.data.load();
    const loaded = await Promise.race([loading, given.promise]);
    if (loaded === "stopped" || env.current() !== table) return;
    if (loaded === "stalled") {
      const { error, first } = loadTimedOut(loading, route.data.relative, env.timeoutMs);
      if (first) env.logger.error(error.message);
      return;
    }
    if (loaded.ok) return;
    if (loaded.kind === "import-error") env.logger.error(loaded.message, loaded.error);
    else if (!env.disable(route, loaded.message)) env.logger.warn(loaded.message);
  }));
  const middlewares = Promise.all((env.middlewares ?? []).map(async (module) => {
    const loading = module.load();
    const loaded = await Promise.race([loading, given.promise]);
    if (loaded === "stopped" || env.current() !== table) return;
    if (loaded === "stalled") {
      const stalled = loadTimedOut(loading, module.relative, env.timeoutMs, "middleware file");
      if (stalled.first) env.logger.error(stalled.error.message);
    } else if (!loaded.ok) env.logger.error(loaded.message, loaded.error);
  }));
  const done = Promise.all([functions, middlewares]).then(() => clearTimeout(timer));
  return { done, stop };
}
