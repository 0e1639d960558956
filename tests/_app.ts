/** Test helpers: apps over an in-memory function folder, without a console. */
import { type App, type AppOptions, createApp } from "../src/app.ts";
import { createMemoryFs } from "../src/routing/fs.ts";
import type { ApiFunction } from "../src/types.ts";

/** A logger that drops everything. */
export const quiet = { warn() {}, error() {} };

/** An app over `files` (paths under `/project` → module objects), in-memory KV, quiet. */
export function memoryApp(files: Record<string, unknown>, options: AppOptions = {}): Promise<App> {
  return createApp({
    root: "/project",
    fs: createMemoryFs(files),
    kv: ":memory:",
    logger: quiet,
    ...options,
  });
}

/** A module whose default export is `handler`. */
export function fn(handler: ApiFunction): { default: ApiFunction } {
  return { default: handler };
}

/** Rejects when `promise` has not settled after `ms` (a generous bound, not a timing check). */
export async function within<T>(promise: Promise<T>, what: string, ms = 30_000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
