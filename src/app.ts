/**
 * `createApp(options)`: scans the function folders and returns a fetch
 * handler, the route table and `close()`.
 *
 * @module
 */
import { resolve } from "node:path";
import { handle } from "./app/handle.ts";
import type { HandleEnv } from "./app/handle_env.ts";
import { buildRoutes } from "./app/routes.ts";
import { type WarmUp, warmUp } from "./app/warm_up.ts";
import { createObserver, type Observer } from "./app/observe.ts";
import { createVersionedLoader, denoLoader } from "./app/modules.ts";
import { manifestSource } from "./app/manifest.ts";
import { registerYamlModules } from "./app/yaml_modules.ts";
import type { App, AppOptions } from "./app/options.ts";
import { kvFromSettings } from "./config/settings.ts";
import { detectBranch, resolveEnvironment } from "./config/environment.ts";
import { loadEnvFiles } from "./config/env_files.ts";
import { effectiveConfig } from "./config/env_overrides.ts";
import { loadProjectConfig } from "./config/project_config.ts";
import { loadDescriptions } from "./openapi/description.ts";
import { readMock } from "./openapi/mock_setting.ts";
import { withRouteAccess } from "./auth/guard.ts";
import { readDenoJsonApifn, setupAuth } from "./auth/setup.ts";
import { createSafeJson } from "./http/json_body.ts";
import { resolveLimits } from "./http/limits.ts";
import { openKv } from "./kv/engine/open.ts";
import type { KvStore } from "./kv/api/store.ts";
import { JobRuntime } from "./jobs/runtime.ts";
import { denoFs } from "./routing/fs.ts";
import type { KvService } from "./types.ts";

export type { App, AppOptions } from "./app/options.ts";
export type { RouteInfo } from "./app/routes.ts";
export type { BodySnapshot, ResponseInfo } from "./app/observe.ts";

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
  // REDOCLY_ENV is read once; the branch again on each dev reload (a checkout changes it).
  const environment = resolveEnvironment(dev);
  let branch = options.fs ? undefined : await detectBranch(root);
  if (!options.fs && options.loadEnv !== false) await loadEnvFiles(root, { environment, branch });
  // Function files (and what they import) may import .yaml files, as on Redocly.
  registerYamlModules();
  // Dev mode imports files with a version tag, so an edited file is imported afresh.
  const fromManifest = options.manifest ? manifestSource(options.manifest, root) : undefined;
  const loader = fromManifest?.fs.load ?? options.fs?.load ??
    (dev ? createVersionedLoader() : denoLoader);
  let loaded = false;
  async function loadProject() {
    if (dev && loaded && !options.fs) branch = await detectBranch(root);
    loaded = true;
    const target = { environment, branch };
    const project = fromManifest
      ? {
        ...fromManifest.project,
        config: effectiveConfig(fromManifest.project.config, target, "redocly.yaml (manifest)"),
      }
      : options.fs
      ? { config: {}, folders: [] as string[], files: [] as string[], settings: {} }
      : await loadProjectConfig(root, target);
    const apis = fromManifest || options.fs
      ? []
      : await loadDescriptions(root, project.config, project.files);
    const built = await buildRoutes({
      fs: fromManifest?.fs ?? options.fs ?? denoFs,
      loader,
      root,
      folders: [...project.folders, ...(options.folders ?? [])],
      dev,
      preload: (options.preload ?? true) === true,
      timeoutMs: limits.timeoutMs,
      warn: (message) => logger.warn(message),
      contract: { apis, mock: readMock(options.mock, project.config) },
    });
    const auth = await setupAuth(options, {
      config: options.config ?? project.config,
      denoJson: options.manifest
        ? { auth: options.manifest.auth }
        : await readDenoJsonApifn(project.files),
      dev,
      warn: (message) => logger.warn(message),
      root,
      functionFiles: built.info(built.table).map((route) => route.file),
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

  // A manifest lists the job files beside the function files.
  const jobs = new JobRuntime({
    root,
    fs: fromManifest?.fs ?? options.fs ?? denoFs,
    loader,
    dev,
    getKv,
    config: () => env.config,
    logger,
    options: options.jobs,
  });
  await jobs.scan();

  const env: HandleEnv = {
    table: built.table,
    roots: built.roots,
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
    enqueue: jobs.enqueue,
  };
  // Only with a hook: requests are then answered through the observer.
  let observer: Observer | undefined;
  if (options.onResponse) {
    observer = createObserver(env, options.onResponse, env.logError);
    env.user = observer.watchUser(env.user);
  }

  let warming: WarmUp | undefined;
  function startWarmUp(): void {
    warming?.stop();
    warming = warmUp(env.table, {
      timeoutMs: limits.timeoutMs,
      middlewares: built.middlewares,
      current: () => env.table,
      disable: (route, message) => env.disable(route, message),
      logger,
    });
  }
  if (options.preload === "background") startWarmUp();

  return {
    fetch(request, init) {
      if (observer) return observer.respond(request, () => handle(request, env, init?.requestId));
      try {
        return Promise.resolve(handle(request, env, init?.requestId));
      } catch (error) {
        return Promise.reject(error);
      }
    },
    respond(request, init) {
      if (observer) return observer.respond(request, () => handle(request, env, init?.requestId));
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
    get contract() {
      return built.contract;
    },
    async reload() {
      const next = await loadProject();
      await jobs.scan();
      ({ project, built, auth } = next);
      env.table = built.table;
      env.roots = built.roots;
      env.config = options.config ?? project.config;
      const user = observer ? observer.watchUser(auth.user) : auth.user;
      Object.assign(env, { user, access: auth.access, cookieSigner: auth.cookieSigner });
      if (options.preload === "background") startWarmUp();
      return {
        routes: withRouteAccess(env.access, built.info(env.table)),
        warnings: built.warnings,
      };
    },
    getKv,
    enqueue: jobs.enqueue,
    startJobs: () => jobs.start(),
    async close() {
      await jobs.stop();
      // Imports still running (or stalled) are not waited for: they cannot be cancelled.
      warming?.stop();
      await warming?.done;
      if (kv && ownsKv) {
        const store = await kv.catch(() => undefined);
        await (store as KvStore | undefined)?.close();
      }
    },
  };
}
