/**
 * `serveDev(options)`: the dev server. A recursive `Deno.watchFs` on the project root feeds a
 * debounced `app.reload()`: adding, editing, renaming or deleting function files, new folders
 * (including configured ones that did not exist at start), config files (and the files they
 * `$ref`), the `.env` files and a git branch switch take effect on the next request, without a
 * restart and without dropping requests in flight. A request that arrives while a change is
 * pending waits for the reload.
 *
 * Limitation: an edited function file is imported afresh, but modules that function files
 * import (`_util.ts`, `lib/db.ts`) are cached by Deno for the life of the process. When one
 * under a function folder changes, every function file is re-imported under a new module
 * generation (their top-level code runs again) and the console says that the helper itself
 * needs a restart to change.
 *
 * The health endpoint (`GET /_apifn/health`), the OpenAPI endpoints (`/_apifn/openapi.json`,
 * `/_apifn/docs`) and the console (`/_apifn/`) are on by default here.
 *
 * @module
 */
import { relative, resolve } from "node:path";
import { type App, createApp, type RouteInfo } from "../app.ts";
import { bumpModuleGeneration } from "../app/modules.ts";
import { resolveEnvironment } from "../config/environment.ts";
import { JOBS_FOLDER } from "../jobs/files.ts";
import { DotenvTracker } from "./dev_env.ts";
import { createDevLogger, reloadReport } from "./dev_report.ts";
import { ReloadScheduler } from "./dev_schedule.ts";
import { type ChangeKind, watchProject } from "./dev_watch.ts";
import { consoleFor } from "../console/serve_console.ts";
import { type ServeOptions, type Server, serveWith } from "./serve.ts";
import { resolveOpenApi } from "./openapi.ts";
import { resolveHealth } from "./serve_options.ts";

/** Options of {@linkcode serveDev}. */
export interface DevOptions extends Omit<ServeOptions, "dev" | "app" | "logger"> {
  /** Quiet period after the last file change before reloading, in ms (default 60). */
  debounceMs?: number;
  /** Where dev messages (reloads, warnings, errors) go (default: the console). */
  report?: (line: string) => void;
}

/** A running dev server. */
export interface DevServer extends Server {
  /** Resolves once no file change is waiting to be applied. */
  settled(): Promise<void>;
  /** Whether a file change is waiting to be applied (requests wait for it). */
  readonly changePending: boolean;
}

/**
 * Serves a project in dev mode with hot reload.
 *
 * @param options Serve options plus `debounceMs` and `report`.
 * @returns The running server.
 *
 * @example Usage
 * ```ts ignore
 * import { serveDev } from "./dev.ts";
 *
 * const server = await serveDev({ root: ".", port: 8000 });
 * await server.finished;
 * ```
 */
export async function serveDev(options: DevOptions = {}): Promise<DevServer> {
  const root = resolve(options.root ?? Deno.cwd());
  const report = options.report ?? ((line: string) => console.log(line));
  const logger = createDevLogger(report);
  const dotenv = new DotenvTracker(root, { environment: resolveEnvironment(true) });
  if (options.loadEnv !== false) await dotenv.reload();
  const devConsole = consoleFor(options, true);
  let app: App;
  try {
    app = await createApp({
      ...options,
      root,
      dev: true,
      loadEnv: false,
      preload: options.preload ?? "background",
      ...(devConsole ? devConsole.appHooks({ ...options, logger }) : { logger }),
    });
  } catch (error) {
    devConsole?.close();
    throw error;
  }
  let routes: readonly RouteInfo[] = app.routes;
  let warnings = new Set(app.warnings);
  const realRoot = await Deno.realPath(root).catch(() => root);

  const kinds = new Map<string, ChangeKind>();
  let lastFailure: string | undefined;
  async function apply(paths: Set<string>): Promise<void> {
    const changed = [...paths].map((path) => {
      const kind = kinds.get(path) ?? "function";
      kinds.delete(path);
      return { name: relative(root, path).replaceAll("\\", "/"), kind };
    });
    logger.forget(changed.map((c) => c.name));
    if (changed.some((c) => c.kind === "env")) {
      try {
        const names = await dotenv.reload();
        if (names.length) report(`apifn dev: .env files reloaded (${names.join(", ")})`);
      } catch (error) {
        report(`apifn dev: ${(error as Error).message} (keeping the previous values)`);
      }
    }
    const helpers = changed.filter((c) => c.kind === "module").map((c) => c.name);
    if (helpers.length > 0) bumpModuleGeneration();
    devConsole?.reloading();
    try {
      const result = await app.reload();
      const names = changed.map((c) => c.name);
      for (const line of reloadReport({ names, helpers, before: routes, after: result.routes })) {
        report(line);
      }
      for (const warning of result.warnings) {
        if (!warnings.has(warning)) report(`apifn: warning: ${warning}`);
      }
      routes = result.routes;
      warnings = new Set(result.warnings);
      devConsole?.routesChanged();
    } catch (error) {
      const message = (error as Error).message;
      devConsole?.reloadFailed(message);
      report(
        message === lastFailure
          ? `apifn dev: reload still fails (${message.split("\n", 1)[0]})`
          : `apifn dev: reload failed, still serving the last good routes:\n${message}`,
      );
      lastFailure = message;
      return;
    }
    lastFailure = undefined;
  }

  const scheduler = new ReloadScheduler(apply, { debounceMs: options.debounceMs ?? 60 });
  const toRoot = (path: string) => realRoot === root ? path : path.replace(realRoot, root);
  const toReal = (path: string) => realRoot === root ? path : path.replace(root, realRoot);
  const watcher = watchProject(() => ({
    root: realRoot,
    folders: [...app.folders, `${root}/${JOBS_FOLDER}`].map(toReal),
    configFiles: app.configFiles.map(toReal),
  }), (found) => {
    for (const [path, kind] of found) kinds.set(toRoot(path), kind);
    scheduler.notify([...found.keys()].map(toRoot));
  });

  const devApp: App = {
    async fetch(request, init) {
      const pending = scheduler.pending;
      if (pending) await pending;
      return await app.fetch(request, init);
    },
    respond(request, init) {
      return scheduler.pending ? devApp.fetch(request, init) : app.respond(request, init);
    },
    get routes() {
      return app.routes;
    },
    get warnings() {
      return app.warnings;
    },
    get folders() {
      return app.folders;
    },
    get contract() {
      return app.contract;
    },
    get configFiles() {
      return app.configFiles;
    },
    reload: () => app.reload(),
    getKv: () => app.getKv(),
    enqueue: (name, payload, options) => app.enqueue(name, payload, options),
    startJobs: () => app.startJobs(),
    async close() {
      watcher.close();
      scheduler.close();
      await watcher.done.catch(() => {});
      await app.close();
    },
  };
  try {
    const server = await serveWith({
      ...options,
      root,
      app: devApp,
      dev: true,
      logger,
      health: resolveHealth(options.health, true),
      openapi: resolveOpenApi(options.openapi, true),
    }, devConsole);
    return {
      ...server,
      settled: async () => await scheduler.pending,
      get changePending() {
        return scheduler.pending !== undefined;
      },
    };
  } catch (error) {
    await devApp.close();
    throw error;
  }
}
