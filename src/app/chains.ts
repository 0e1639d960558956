/**
 * Middleware chains, built once per route table: each `_middleware.ts` file is one lazily
 * imported module, and the routes of a folder share one chain (the middlewares of the function
 * folder's root down to that folder). A route without middleware has no chain at all.
 *
 * @module
 */
import type { Middleware } from "../middleware/types.ts";
import type { MiddlewareFile, RouteFile } from "../routing/route_file.ts";
import type { Segment } from "../routing/segment.ts";
import {
  type LoadedMiddleware,
  loadMiddleware,
  type MiddlewareFailure,
} from "./middleware_load.ts";
import type { ModuleLoader } from "./modules.ts";

/** One `_middleware.ts` file, imported once (on first need). */
export interface MiddlewareModule {
  /** Path relative to the project root, shown in messages. */
  relative: string;
  /** Loads (once) the middleware. */
  load(): Promise<LoadedMiddleware>;
  /** What {@linkcode MiddlewareModule.load} settled to, once it has. */
  loaded: LoadedMiddleware | undefined;
}

/** The middlewares that run for the routes of one folder, root first. */
export interface MiddlewareChain {
  /** The modules, from the function folder's root down to the route's folder. */
  modules: readonly MiddlewareModule[];
  /** Loads (once) every module: their handlers, or the first failure in chain order. */
  load(): Promise<{ ok: true; handlers: readonly Middleware[] } | MiddlewareFailure>;
  /** The handlers, once every module has loaded (requests then skip awaiting). */
  handlers: readonly Middleware[] | undefined;
}

/** A function folder's root middleware: the one that may run for unrouted requests too. */
export interface RootMiddleware {
  /** The URL segments the folder mounts at (static). */
  mount: readonly Segment[];
  /** A chain of that one module. */
  chain: MiddlewareChain;
}

/** The chains of one route table. */
export interface Chains {
  /** The chain of a route file (`undefined`: no middleware above it). */
  chainOf(file: RouteFile): MiddlewareChain | undefined;
  /** Every middleware module. */
  modules: readonly MiddlewareModule[];
  /** The root middlewares (`undefined` when no function folder has one). */
  roots: readonly RootMiddleware[] | undefined;
}

/**
 * Builds the modules and chains for the middleware files a scan found.
 *
 * @param files The `_middleware.ts` files.
 * @param loader The module loader.
 * @returns The chains.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { createChains } from "./chains.ts";
 *
 * const mount = [{ type: "static" as const, value: "api" }];
 * const chains = createChains([
 *   { file: "/p/@api/_middleware.ts", relative: "@api/_middleware.ts", dir: "@api", folder: "/@api", mount },
 * ], () => Promise.resolve({ default: (_r: Request, _c: unknown, next: () => unknown) => next() }));
 * const route = { file: "/p/@api/a/b.ts", relative: "@api/a/b.ts", folder: "/@api", method: null, segments: [] };
 * const chain = chains.chainOf(route);
 * assert.deepEqual(chain?.modules.map((m) => m.relative), ["@api/_middleware.ts"]);
 * assert.equal((await chain!.load()).ok, true);
 * ```
 */
export function createChains(files: readonly MiddlewareFile[], loader: ModuleLoader): Chains {
  const byDir = new Map<string, MiddlewareModule>();
  const roots: RootMiddleware[] = [];
  for (const file of files) {
    let loading: Promise<LoadedMiddleware> | undefined;
    const module: MiddlewareModule = {
      relative: file.relative,
      loaded: undefined,
      load: () =>
        loading ??= loadMiddleware(loader, file.file, file.relative)
          .then((loaded) => module.loaded = loaded),
    };
    byDir.set(file.dir, module);
    if (file.dir === file.folder.slice(1)) {
      roots.push({ mount: file.mount, chain: createChain([module]) });
    }
  }
  const chains = new Map<string, MiddlewareChain | undefined>();
  return {
    chainOf(route) {
      if (byDir.size === 0) return undefined;
      const dir = route.relative.slice(0, route.relative.lastIndexOf("/"));
      if (chains.has(dir)) return chains.get(dir);
      const base = route.folder.slice(1);
      const modules: MiddlewareModule[] = [];
      const rest = dir.slice(base.length).split("/").filter((part) => part !== "");
      let path = base;
      for (const part of [undefined, ...rest]) {
        if (part !== undefined) path = `${path}/${part}`;
        const module = byDir.get(path);
        if (module !== undefined) modules.push(module);
      }
      const chain = modules.length === 0 ? undefined : createChain(modules);
      chains.set(dir, chain);
      return chain;
    },
    modules: [...byDir.values()],
    roots: roots.length === 0 ? undefined : roots,
  };
}

function createChain(modules: MiddlewareModule[]): MiddlewareChain {
  let loading: ReturnType<MiddlewareChain["load"]> | undefined;
  const chain: MiddlewareChain = {
    modules,
    handlers: undefined,
    load: () =>
      loading ??= Promise.all(modules.map((module) => module.load())).then((results) => {
        const handlers: Middleware[] = [];
        for (const result of results) {
          if (!result.ok) return result;
          handlers.push(result.handler);
        }
        chain.handlers = handlers;
        return { ok: true, handlers };
      }),
  };
  return chain;
}
