/**
 * Loading `_middleware.ts` files: importing them (with the loader function files use) and
 * checking their default export and their `config`.
 *
 * @module
 */
import type { Middleware } from "../middleware/types.ts";
import type { ModuleLoader } from "./modules.ts";

/** Why a middleware file cannot run: the routes under it answer 500 naming it. */
export interface MiddlewareFailure {
  ok: false;
  /** The file, relative to the project root. */
  relative: string;
  /** `Cannot load middleware file '…': …` or `Cannot use middleware file '…': …`. */
  message: string;
  /** The import's error, or a `TypeError` carrying the message. */
  error: unknown;
}

/** What loading a middleware file gave. */
export type LoadedMiddleware =
  | {
    ok: true;
    handler: Middleware;
    /** `export const config = { all: true }`: a folder's root middleware also runs for 404/405. */
    all: boolean;
  }
  | MiddlewareFailure;

function describe(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`;
}

/**
 * Imports a middleware file and checks it: a function as the default export, and, when it
 * exports `config`, an object whose `all` (if present) is a boolean.
 *
 * @param loader The module loader.
 * @param file The absolute path.
 * @param relative The path shown in messages.
 * @returns The middleware, or why there is none.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadMiddleware } from "./middleware_load.ts";
 *
 * const module = { default: () => new Response(), config: { all: true } };
 * const loaded = await loadMiddleware(() => Promise.resolve(module), "/p/@api/_middleware.ts", "@api/_middleware.ts");
 * assert.equal(loaded.ok && loaded.all, true);
 * ```
 */
export async function loadMiddleware(
  loader: ModuleLoader,
  file: string,
  relative: string,
): Promise<LoadedMiddleware> {
  let module: Record<string, unknown>;
  try {
    module = await loader(file);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      relative,
      message: `Cannot load middleware file '${relative}': ${detail}`,
      error,
    };
  }
  const handler = module?.default;
  const config = module?.config;
  let why: string | undefined;
  if (typeof handler !== "function") {
    why = handler === undefined
      ? "it has no default export"
      : `its default export is ${describe(handler)}, not a function`;
    why += " (write `export default function (request, context, next) { ... }`)";
  } else if (config !== undefined && (typeof config !== "object" || config === null)) {
    why = `its config is ${describe(config)}, not an object`;
  } else if (
    config !== undefined &&
    !["undefined", "boolean"].includes(typeof (config as { all?: unknown }).all)
  ) {
    why = `its config.all is ${describe((config as { all?: unknown }).all)}, not a boolean`;
  }
  if (why !== undefined) {
    const message = `Cannot use middleware file '${relative}': ${why}`;
    return { ok: false, relative, message, error: new TypeError(message) };
  }
  const all = (config as { all?: boolean } | undefined)?.all === true;
  return { ok: true, handler: handler as Middleware, all };
}
