/**
 * The options of `createApp` and the `App` it returns.
 *
 * @module
 */
import type { AccessRules } from "../auth/access.ts";
import type { JwtOptions } from "../auth/jwt.ts";
import type { ContractReport } from "../openapi/contract.ts";
import type { FsAdapter } from "../routing/fs.ts";
import type { JobsOptions } from "../jobs/runtime.ts";
import type {
  ApiFunctionsConfig,
  ApiFunctionsUser,
  EnqueueOptions,
  KvService,
  KvValue,
} from "../types.ts";
import type { AppManifest } from "./manifest.ts";
import type { ModuleLoader } from "./modules.ts";
import type { ResponseInfo } from "./observe.ts";
import type { RouteInfo } from "./routes.ts";

/** Options of `createApp`. */
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
  /**
   * Request limits (Redocly's defaults: 5 MB request bodies, 5 MB responses (a larger one is
   * a 500; a stream is cut past it), 10 s per call; `request.json()` accepts at most 512 levels
   * of nesting). The time limit also covers waiting for the function's
   * import: a request whose function file has not finished loading answers 504 after it.
   */
  limits?: {
    maxBodyBytes?: number;
    maxResponseBytes?: number;
    timeoutMs?: number;
    maxJsonDepth?: number;
  };
  /** The configuration handlers see as `context.config` (default: the parsed `redocly.yaml`). */
  config?: ApiFunctionsConfig;
  /**
   * Decides the user of each request; `null` means anonymous. Its result is normalised; if it
   * throws, the request is anonymous. Wins over every JWT setting.
   */
  authenticate?: (
    request: Request,
  ) => Promise<Partial<ApiFunctionsUser> | null> | Partial<ApiFunctionsUser> | null;
  /**
   * Built-in JWT authentication (see `jwtAuthenticator`); overrides `APIFN_JWT_SECRET`,
   * `APIFN_JWKS_URL`, … and `apifn.auth.jwt` in `deno.json` / `redocly.yaml`, key by key.
   */
  jwt?: JwtOptions;
  /**
   * Access rules `{ pattern: { team: role } }`, merged over `rbac.content` of the config (same
   * pattern: this one wins). Denied: 401 for anonymous users, 403 for others.
   */
  access?: AccessRules;
  /**
   * Secret(s) for `setCookie(…, { signed: true })`; default `APIFN_COOKIE_SECRET`
   * (comma-separated), else in dev one generated once into `<root>/.apifn/cookie-secret`.
   */
  cookieSecret?: string | string[];
  /** Cookies that must arrive signed: an unsigned value for them is left out of `context.cookies`. */
  signedCookies?: string[];
  /**
   * When to import the function files: `true` (default) at startup, before `createApp`
   * resolves; `"background"` right after it resolves (the server listens at once; a request
   * that comes first waits for its own file); `false` on each file's first request. An import
   * still running after the time limit fails startup under `true` (a warning in dev), and is
   * reported once under `"background"`.
   */
  preload?: boolean | "background";
  /**
   * Load `<root>/.env`, `.env.branch.<branch>` and `.env.<REDOCLY_ENV>` (later wins) into the
   * environment without overriding variables already set (default `true`).
   */
  loadEnv?: boolean;
  /** Where warnings and errors go (default: the console). */
  logger?: { warn(message: string): void; error(message: string, error?: unknown): void };
  /** A file system adapter (tests use an in-memory one with `load`). */
  fs?: FsAdapter & { load?: ModuleLoader };
  /**
   * A static manifest written by `apifn gen` (`import manifest from "./apifn.manifest.ts"`):
   * its modules and configuration are used instead of scanning the folders and reading the
   * config files (Deno Deploy, `deno compile`). Same routing rules and conflict checks.
   */
  manifest?: AppManifest;
  /**
   * Called after each request the app answers, with its method, URL, status, duration, user,
   * function file, headers and the first 64 KB of both bodies (read from copies, once the
   * response is made: the hook never delays it). Given the headers unmasked. Without it
   * requests are not observed at all.
   */
  onResponse?: (info: ResponseInfo) => void;
  /** The job worker's tuning (jobs are the files under `<root>/_jobs`). */
  jobs?: JobsOptions;
  /**
   * Answer the operations of the project's API descriptions (`apis:` in `redocly.yaml`) that no
   * function serves from the descriptions' examples (default: `apifn.mock` in `redocly.yaml`,
   * else `false`).
   */
  mock?: boolean;
}

/** An app: a fetch handler over the project's function files. */
export interface App {
  /** Answers a request (no server needed). */
  fetch(request: Request, init?: { requestId?: string }): Promise<Response>;
  /**
   * Answers a request like `fetch`, but returns the Response itself, not a promise, when
   * nothing on the way was asynchronous (a `Deno.serve` handler may return either: this saves
   * a promise per request; `serve()` uses it).
   */
  respond(request: Request, init?: { requestId?: string }): Response | Promise<Response>;
  /** The route table, in match order. */
  readonly routes: readonly RouteInfo[];
  /** Problems found at startup (or the last reload) that did not stop it. */
  readonly warnings: readonly string[];
  /** Absolute paths of the function folders (including ones that do not exist yet). */
  readonly folders: readonly string[];
  /**
   * How the routes meet the project's API descriptions (`apis:` in `redocly.yaml`): operations
   * with no function, functions with no operation (absent: no descriptions).
   */
  readonly contract?: ContractReport | undefined;
  /** Absolute paths of the config files read (`redocly.yaml`, `deno.json`, descriptions). */
  readonly configFiles: readonly string[];
  /**
   * Scans the folders and config again and swaps in the new route table. Requests already
   * running finish on the old one. Rejects, keeping the current table, when the new one has
   * conflicts or unparseable names (or, outside dev mode, a file fails to import).
   */
  reload(): Promise<{ routes: RouteInfo[]; warnings: string[] }>;
  /** The app's KV store (opened on first use). */
  getKv(): Promise<KvService>;
  /** Enqueues the job `_jobs/<name>.ts`, as `context.enqueue` does; resolves with its id. */
  enqueue(name: string, payload?: KvValue, options?: EnqueueOptions): Promise<string>;
  /**
   * Runs the job worker and the schedules in this process (`serve`, `dev` and the `deno serve`
   * entry call it; `close()` stops them). Rejects when a job file cannot be loaded or has a bad
   * `schedule` (outside dev), naming the file.
   */
  startJobs(): Promise<void>;
  /** Closes the KV store (if the app opened it). */
  close(): Promise<void>;
}
