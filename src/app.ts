/**
 * `createApp(options)`: scans the function folders and returns a fetch
 * handler, the route table and `close()`.
 *
 * @module
 */
import { resolve } from "node:path";
import { handle, type HandleEnv } from "./app/handle.ts";
import { buildRoutes } from "./app/routes.ts";
import { createVersionedLoader, denoLoader } from "./app/modules.ts";
import { manifestSource } from "./app/manifest.ts";
import type { App, AppOptions } from "./app/options.ts";
import { kvFromSettings } from "./config/settings.ts";
import { loadDotenv } from "./config/dotenv.ts";
import { loadProjectConfig } from "./config/project_config.ts";
import { withRouteAccess } from "./auth/guard.ts";
import { readDenoJsonApifn, setupAuth } from "./auth/setup.ts";
import { createSafeJson } from "./http/json_body.ts";
import { resolveLimits } from "./http/limits.ts";
import { openKv } from "./kv/engine/open.ts";
import type { KvStore } from "./kv/api/store.ts";
import { denoFs } from "./routing/fs.ts";
import type { KvService } from "./types.ts";

export type { App, AppOptions } from "./app/options.ts";
export type { RouteInfo } from "./app/routes.ts";

/**
 * Scans the project's function folders and returns an app.
 *
 * @param options Project root, extra folders, KV location, dev mode, limits.
 * @returns The app. Rejects when routes conflict, a file name cannot be parsed, or (outside
 * dev mode) a function file fails to import; the message names every file involved.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { createApp } from "./app.ts";
 *
 * const root = await Deno.makeTempDir();
 * await Deno.mkdir(`${root}/@api`);
 * await Deno.writeTextFile(
 *   `${root}/@api/hello.get.ts`,
 *   "export default (_req, ctx) => ctx.json({ hello: ctx.query.name ?? 'world' });",
 * );
 * const app = await createApp({ root, kv: ":memory:" });
 * const response = await app.fetch(new Request("http://localhost/api/hello?name=deno"));
 * assert.deepEqual(await response.json(), { hello: "deno" });
 * await app.close();
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export async function createApp(options: AppOptions = {}): Promise<App> {
  const root = resolve(options.root ?? Deno.cwd());
  const dev = options.dev ?? false;
  // Bad limits fail here, before anything is read or imported.
  const limits = resolveLimits(options.limits);
  const json = createSafeJson(options.limits?.maxJsonDepth);
  const logger = options.logger ?? {
    warn: (message: string) => console.warn(`apifn: ${message}`),
    error: (message: string, error?: unknown) => console.error(`apifn: ${message}`, error ?? ""),
  };
  if (!options.fs && options.loadEnv !== false) await loadDotenv(`${root}/.env`);
  // Dev mode imports files with a version tag, so an edited file is imported afresh.
  const fromManifest = options.manifest ? manifestSource(options.manifest, root) : undefined;
  const loader = fromManifest?.fs.load ?? options.fs?.load ??
    (dev ? createVersionedLoader() : denoLoader);
  async function loadProject() {
    const project = fromManifest?.project ??
      (options.fs
        ? { config: {}, folders: [] as string[], files: [] as string[], settings: {} }
        : await loadProjectConfig(root));
    const built = await buildRoutes({
      fs: fromManifest?.fs ?? options.fs ?? denoFs,
      loader,
      root,
      folders: [...project.folders, ...(options.folders ?? [])],
      dev,
      preload: (options.preload ?? true) === true,
    });
    const auth = await setupAuth(options, {
      config: options.config ?? project.config,
      denoJson: options.manifest
        ? { auth: options.manifest.auth }
        : await readDenoJsonApifn(project.files),
      dev,
      warn: (message) => logger.warn(message),
    });
    return { project, built, auth };
  }
  let { project, built, auth } = await loadProject();
  for (const warning of built.warnings) logger.warn(warning);

  let kv: Promise<KvService> | undefined;
  let ownsKv = false;
  function getKv(): Promise<KvService> {
    if (!kv) {
      if (typeof options.kv === "object" && options.kv !== null) kv = Promise.resolve(options.kv);
      else {
        ownsKv = true;
        kv = openKv(kvFromSettings(options.kv, project.settings), { root });
        // A failed open is not kept: the next request tries again.
        kv.catch(() => (kv = undefined));
      }
    }
    return kv;
  }

  const env: HandleEnv = {
    table: built.table,
    dev,
    limits,
    config: options.config ?? project.config,
    getKv,
    user: auth.user,
    access: auth.access,
    cookieSigner: auth.cookieSigner,
    json,
    disable(route, message) {
      if (dev) return undefined;
      logger.warn(message);
      env.table = built.without(route);
      return env.table;
    },
    logError: (message, error) => logger.error(message, error),
  };

  let warming: Promise<unknown> = Promise.resolve();
  function warmUp(): void {
    const table = env.table;
    warming = Promise.all(table.routes.map(async (route) => {
      const loaded = await route.data.load();
      if (loaded.ok || env.table !== table) return;
      if (loaded.kind === "import-error") logger.error(loaded.message, loaded.error);
      else if (!env.disable(route, loaded.message)) logger.warn(loaded.message);
    }));
  }
  if (options.preload === "background") warmUp();

  return {
    fetch(request, init) {
      try {
        return Promise.resolve(handle(request, env, init?.requestId));
      } catch (error) {
        return Promise.reject(error);
      }
    },
    respond(request, init) {
      return handle(request, env, init?.requestId);
    },
    get routes() {
      return withRouteAccess(env.access, built.info(env.table));
    },
    get warnings() {
      return built.warnings;
    },
    get configFiles() {
      return project.files;
    },
    get folders() {
      return built.folders;
    },
    async reload() {
      const next = await loadProject();
      ({ project, built, auth } = next);
      env.table = built.table;
      env.config = options.config ?? project.config;
      Object.assign(env, { user: auth.user, access: auth.access, cookieSigner: auth.cookieSigner });
      if (options.preload === "background") warmUp();
      return {
        routes: withRouteAccess(env.access, built.info(env.table)),
        warnings: built.warnings,
      };
    },
    getKv,
    async close() {
      await warming;
      if (kv && ownsKv) {
        const store = await kv.catch(() => undefined);
        await (store as KvStore | undefined)?.close();
      }
    },
  };
}
