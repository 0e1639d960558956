/**
 * From function folders to a route table: scan, parse, check conflicts, and
 * (optionally) import every function up front.
 *
 * @module
 */
import { endDeadline } from "../http/deadline.ts";
import { HttpError } from "../http/errors.ts";
import type { FsAdapter } from "../routing/fs.ts";
import { scanFolders } from "../routing/scan.ts";
import type { Segment } from "../routing/segment.ts";
import type { PathParameter } from "../openapi/parameters.ts";
import { createRouteTable, type Route, type RouteTable } from "../routing/table.ts";
import type { ContractReport } from "../openapi/contract.ts";
import type { ApiDescription } from "../openapi/description.ts";
import { formatSegments } from "../routing/segment.ts";
import { contractRoutes } from "./contract_routes.ts";
import { createChains, type MiddlewareModule, type RootMiddleware } from "./chains.ts";
import type { FunctionRoute } from "./handle_env.ts";
import type { RouteInfo } from "./route_info.ts";
import { type LoadClock, loadTimedOut, waitForLoad } from "./load_wait.ts";
import { type LoadedFunction, loadFunction, type ModuleLoader } from "./modules.ts";

export type { RouteInfo } from "./route_info.ts";

/** The routes of a project. */
export interface BuiltRoutes {
  /** The table in use. */
  table: RouteTable<FunctionRoute>;
  /** Every `_middleware.ts` file found. */
  middlewares: readonly MiddlewareModule[];
  /** The function folders' root middlewares (`undefined`: none). */
  roots: readonly RootMiddleware[] | undefined;
  /** Problems that did not stop the build. */
  warnings: string[];
  /** Absolute paths of the function folders scanned (existing or not). */
  folders: string[];
  /** The table without one route (a file that turned out not to be a function). */
  without(route: Route<FunctionRoute>): RouteTable<FunctionRoute>;
  /** The rows of a table. */
  info(table: RouteTable<FunctionRoute>): RouteInfo[];
  /** How the routes meet the project's API descriptions (absent: it has none). */
  contract?: ContractReport | undefined;
}

function pathParameters(segments: readonly Segment[]): PathParameter[] {
  return segments.flatMap((s) =>
    s.type === "static" ? [] : [{ name: s.name, rest: s.type !== "param" }]
  );
}

/**
 * Scans folders and builds the route table.
 *
 * @param options Where and how to load functions.
 * @returns The routes.
 */
export async function buildRoutes(options: {
  fs: FsAdapter;
  loader: ModuleLoader;
  root: string;
  folders: string[];
  dev: boolean;
  preload: boolean;
  /** How long a preloaded import may take (the request time limit). */
  timeoutMs: number;
  /** Reports (in dev) responses that do not match their `openapi` operation. */
  warn?: (message: string) => void;
  /** The project's API descriptions (`apis:`), and whether operations without a file are mocked. */
  contract?: { apis: ApiDescription[]; mock: boolean } | undefined;
}): Promise<BuiltRoutes> {
  const scan = await scanFolders(options.fs, { root: options.root, folders: options.folders });
  const warnings = [...scan.warnings];
  const chains = createChains(scan.middlewares, options.loader);
  let contract: ReturnType<typeof contractRoutes> | undefined;
  let definitions = scan.files.map((file) => {
    let loading: Promise<LoadedFunction> | undefined;
    const data: FunctionRoute = {
      file: file.file,
      relative: file.relative,
      loaded: undefined,
      chain: chains.chainOf(file),
      load: () =>
        loading ??= loadFunction(options.loader, file.file, {
          relative: file.relative,
          path: pathParameters(file.segments),
          dev: options.dev,
          warn: options.warn,
          described: contract?.match.byFile.get(file.relative),
        }).then((result) => data.loaded = result),
    };
    return { method: file.method, segments: file.segments, file: file.relative, data };
  });
  createRouteTable(definitions); // Conflicts fail before anything is imported.
  if (options.contract && options.contract.apis.length > 0) {
    const rows = definitions.map((d) => ({
      method: d.method ?? "*",
      path: formatSegments(d.segments),
      file: d.file,
    }));
    contract = contractRoutes(options.contract.apis, rows, {
      mock: options.contract.mock,
      warn: options.warn ?? (() => {}),
    });
    warnings.push(...contract.warnings);
  }
  if (options.preload) {
    const clocks = definitions.map(() => ({ ms: options.timeoutMs, deadline: undefined }));
    const results = await Promise.all(
      definitions.map((d, i) => waitForLoad(d.data.load(), clocks[i]!)),
    );
    for (const clock of clocks) endDeadline(clock.deadline);
    const broken = await preloadMiddleware(chains.modules, options, warnings);
    const skipped = new Set<string>();
    results.forEach((result, i) => {
      if (result instanceof HttpError) {
        const { data } = definitions[i]!;
        const { error } = loadTimedOut(data.load(), data.relative, options.timeoutMs);
        (options.dev ? warnings : broken).push(error.message);
        return;
      }
      if (result.ok) return;
      if (result.kind === "import-error" && !options.dev) broken.push(result.message);
      else warnings.push(result.message);
    });
    if (broken.length > 0) throw new Error(broken.join("\n"));
    if (!options.dev) {
      results.forEach((result, i) => {
        if (!(result instanceof HttpError) && !result.ok && result.kind === "no-default") {
          skipped.add(definitions[i]!.file);
        }
      });
      definitions = definitions.filter((d) => !skipped.has(d.file));
    }
  }
  let current = [...definitions, ...contract?.mocks ?? []];
  const table = createRouteTable(current);
  return {
    table,
    roots: chains.roots,
    middlewares: chains.modules,
    warnings,
    folders: scan.folders,
    contract: contract?.report,
    without(route) {
      current = current.filter((d) => d.data !== route.data);
      return createRouteTable(current);
    },
    info(table) {
      return table.routes.map((r) => {
        const info: RouteInfo = { method: r.method ?? "*", path: r.path, file: r.file };
        const chain = r.data.chain;
        if (chain !== undefined) info.middleware = chain.modules.map((module) => module.relative);
        const loaded = r.data.loaded;
        const summary = loaded?.ok ? loaded.operation?.summary : undefined;
        if (typeof summary === "string") info.summary = summary;
        return info;
      });
    },
  };
}

/** Imports every middleware file up front: the failures that stop startup (dev: warnings). */
async function preloadMiddleware(
  modules: readonly MiddlewareModule[],
  options: { dev: boolean; timeoutMs: number },
  warnings: string[],
): Promise<string[]> {
  const broken: string[] = [];
  await Promise.all(modules.map(async (module) => {
    const clock: LoadClock = { ms: options.timeoutMs, deadline: undefined };
    const loading = module.load();
    const result = await waitForLoad(loading, clock);
    endDeadline(clock.deadline);
    const message = result instanceof HttpError
      ? loadTimedOut(loading, module.relative, options.timeoutMs, "middleware file").error.message
      : result.ok
      ? undefined
      : result.message;
    if (message !== undefined) (options.dev ? warnings : broken).push(message);
  }));
  return broken;
}
