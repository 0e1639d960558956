/**
 * What handling a request needs from the app: its state ({@linkcode HandleEnv}) and what each
 * route of its table carries ({@linkcode FunctionRoute}). Shared by `handle.ts` and `invoke.ts`.
 *
 * @module
 */
import type { Limits } from "../http/limits.ts";
import type { AccessPolicy } from "../auth/access.ts";
import type { CookieSigner } from "../auth/signed_cookies.ts";
import type { Route, RouteTable } from "../routing/table.ts";
import type {
  ApiFunctionsConfig,
  ApiFunctionsContext,
  ApiFunctionsUser,
  KvService,
} from "../types.ts";
import type { MiddlewareChain, RootMiddleware } from "./chains.ts";
import type { LoadedFunction } from "./modules.ts";

/** What a route carries: its file and its (lazily) loaded function. */
export interface FunctionRoute {
  /** Absolute path of the file. */
  file: string;
  /** Path relative to the project root, shown in messages. */
  relative: string;
  /** Loads (once) the function. */
  load(): Promise<LoadedFunction>;
  /** What {@linkcode FunctionRoute.load} settled to, once it has (requests then skip awaiting it). */
  loaded?: LoadedFunction | undefined;
  /** The `_middleware.ts` files that run around it (`undefined`: none). */
  chain?: MiddlewareChain | undefined;
}

/** Everything a request needs from the app. */
export interface HandleEnv {
  /** The route table in use. */
  table: RouteTable<FunctionRoute>;
  /** The function folders' root middlewares, for unrouted requests (`undefined`: none). */
  roots?: readonly RootMiddleware[] | undefined;
  /** Development mode: detailed errors. */
  dev: boolean;
  /** Body size and time limits. */
  limits: Limits;
  /** Access rules, checked before a function is loaded (`undefined`: every route is open). */
  access?: AccessPolicy | undefined;
  /** Signs and verifies cookies (`undefined`: no cookie secret). */
  cookieSigner?: CookieSigner | undefined;
  /** The strict `json()` put on each request handed to a function. */
  json?: ((this: Request) => Promise<unknown>) | undefined;
  /** The parsed project configuration. */
  config: ApiFunctionsConfig;
  /** Opens the app's store. */
  getKv: () => Promise<KvService>;
  /** Enqueues a job (`context.enqueue`). */
  enqueue?: ApiFunctionsContext["enqueue"] | undefined;
  /** Decides the user of a request. */
  user: (request: Request) => Promise<ApiFunctionsUser> | ApiFunctionsUser;
  /** Called when a file turns out not to be a function (production drops its route). */
  disable: (route: Route<FunctionRoute>, message: string) => RouteTable<FunctionRoute> | undefined;
  /** Logs an unexpected error. */
  logError: (message: string, error: unknown) => void;
}
