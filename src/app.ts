/**
 * `createApp(options)`: scans the function folders and returns a fetch
 * handler, the route table and `close()`.
 *
 * @module
 */
import { resolve } from "node:path";
import { handle, type HandleEnv } from "./app/handle.ts";
import { nextRequestId } from "./app/request_id.ts";
import { buildRoutes, type RouteInfo } from "./app/routes.ts";
import { createVersionedLoader, denoLoader, type ModuleLoader } from "./app/modules.ts";
import { loadDotenv } from "./config/dotenv.ts";
import { loadProjectConfig } from "./config/project_config.ts";
import { anonymousUser } from "./http/context.ts";
import { DEFAULT_LIMITS } from "./http/limits.ts";
import { openKv } from "./kv/open.ts";
import type { KvStore } from "./kv/store.ts";
import { denoFs, type FsAdapter } from "./routing/fs.ts";
import type { ApiFunctionsConfig, ApiFunctionsUser, KvService } from "./types.ts";

export type { RouteInfo } from "./app/routes.ts";

/** Options of {@linkcode createApp}. */
export interface AppOptions {
  /** Project directory (default: the working directory). */
  root?: string;
  /** Extra function folders, as in `redocly.yaml` (`"/my/fns"` serves `<root>/my/fns` at `/my/fns`). */
  folders?: string[];
  /**
   * Where the KV store lives: a SQLite file path (relative to `root`), `":memory:"`, or a KV
   * Connect URL; or an open store to share. Default: `APIFN_KV`, else `<root>/.apifn/kv.sqlite3`.
   */
  kv?: string | KvService;
  /** Development mode: error details in responses, broken files answer 500 instead of failing startup. */
  dev?: boolean;
  /** Request limits (Redocly's defaults: 5 MB bodies, 10 s per call). */
  limits?: { maxBodyBytes?: number; timeoutMs?: number };
  /** The configuration handlers see as `context.config` (default: the parsed `redocly.yaml`). */
  config?: ApiFunctionsConfig;
  /** Decides the user of each request; `null` means anonymous. */
  authenticate?: (
    request: Request,
  ) => Promise<Partial<ApiFunctionsUser> | null> | Partial<ApiFunctionsUser> | null;
  /**
   * When to import the function files: `true` (default) at startup, before `createApp`
   * resolves; `"background"` right after it resolves (the server listens at once; a request
   * that comes first waits for its own file); `false` on each file's first request.
   */
  preload?: boolean | "background";
  /** Load `<root>/.env` into the environment without overriding it (default `true`). */
  loadEnv?: boolean;
  /** Where warnings and errors go (default: the console). */
  logger?: { warn(message: string): void; error(message: string, error?: unknown): void };
  /** A file system adapter (tests use an in-memory one with `load`). */
  fs?: FsAdapter & { load?: ModuleLoader };
}

/** An app: a fetch handler over the project's function files. */
export interface App {
  /** Answers a request (no server needed). */
  fetch(request: Request, init?: { requestId?: string }): Promise<Response>;
  /** The route table, in match order. */
  readonly routes: readonly RouteInfo[];
  /** Problems found at startup (or the last reload) that did not stop it. */
  readonly warnings: readonly string[];
  /** Absolute paths of the function folders (including ones that do not exist yet). */
  readonly folders: readonly string[];
  /** Absolute paths of the config files read (`redocly.yaml`, `deno.json`). */
  readonly configFiles: readonly string[];
  /**
   * Scans the folders and config again and swaps in the new route table. Requests already
   * running finish on the old one. Rejects, keeping the current table, when the new one has
   * conflicts or unparseable names (or, outside dev mode, a file fails to import).
   */
  reload(): Promise<{ routes: RouteInfo[]; warnings: string[] }>;
  /** The app's KV store (opened on first use). */
  getKv(): Promise<KvService>;
  /** Closes the KV store (if the app opened it). */
  close(): Promise<void>;
}

function normalizeUser(user: Partial<ApiFunctionsUser> | null): ApiFunctionsUser {
  if (!user) return anonymousUser();
  const teams = Array.isArray(user.teams) ? user.teams.filter((t) => typeof t === "string") : [];
  if (!teams.includes("authenticated")) teams.push("authenticated");
  return {
    teams,
    claims: user.claims ?? {},
    email: user.email,
    idpAccessToken: user.idpAccessToken,
    idpId: user.idpId,
    isAuthenticated: true,
  };
}

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
  const logger = options.logger ?? {
    warn: (message: string) => console.warn(`apifn: ${message}`),
    error: (message: string, error?: unknown) => console.error(`apifn: ${message}`, error ?? ""),
  };
  if (!options.fs && options.loadEnv !== false) await loadDotenv(`${root}/.env`);
  // Dev mode imports files with a version tag, so an edited file is imported afresh.
  const loader = options.fs?.load ?? (dev ? createVersionedLoader() : denoLoader);
  async function loadProject() {
    const project = options.fs
      ? { config: {}, folders: [] as string[], files: [] as string[] }
      : await loadProjectConfig(root);
    const built = await buildRoutes({
      fs: options.fs ?? denoFs,
      loader,
      root,
      folders: [...project.folders, ...(options.folders ?? [])],
      dev,
      preload: (options.preload ?? true) === true,
    });
    return { project, built };
  }
  let { project, built } = await loadProject();
  for (const warning of built.warnings) logger.warn(warning);

  let kv: Promise<KvService> | undefined;
  let ownsKv = false;
  function getKv(): Promise<KvService> {
    if (!kv) {
      if (typeof options.kv === "object" && options.kv !== null) kv = Promise.resolve(options.kv);
      else {
        ownsKv = true;
        kv = openKv(options.kv, { root });
      }
    }
    return kv;
  }

  const authenticate = options.authenticate;
  const env: HandleEnv = {
    table: built.table,
    dev,
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    config: options.config ?? project.config,
    getKv,
    user: authenticate
      ? async (request) => normalizeUser(await authenticate(request))
      : () => anonymousUser(),
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
      return handle(request, env, init?.requestId ?? nextRequestId(request));
    },
    get routes() {
      return built.info(env.table);
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
      ({ project, built } = next);
      env.table = built.table;
      env.config = options.config ?? project.config;
      if (options.preload === "background") warmUp();
      return { routes: built.info(env.table), warnings: built.warnings };
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
