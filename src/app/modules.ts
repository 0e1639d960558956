/**
 * Loading function files: importing them, checking their default export, and
 * remembering why a file cannot serve requests.
 *
 * @module
 */
import { isAbsolute } from "node:path";
import { pathToFileURL } from "node:url";
import type { FileOperation } from "../openapi/contract.ts";
import type { PathParameter } from "../openapi/parameters.ts";
import { checkFunction, type LoadedFunction } from "./function_checks.ts";
import type { ApiFunction } from "../types.ts";

export type { LoadedFunction } from "./function_checks.ts";

/** Imports a function file by absolute path and returns its module object. */
export type ModuleLoader = (file: string) => Promise<Record<string, unknown>>;

/**
 * Turns an absolute file path into a `file:` URL with `node:url`'s `pathToFileURL`: every
 * character a URL path cannot carry as itself (`%`, `#`, `?`, `\` on POSIX, brackets,
 * spaces, control characters) is percent-encoded, so the URL names exactly that file.
 *
 * @param path An absolute path of this platform.
 * @returns The file URL.
 * @throws {TypeError} When `path` is not absolute.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { fileUrl } from "./modules.ts";
 *
 * assert.equal(fileUrl("/p/@api/[id].ts").href, "file:///p/@api/%5Bid%5D.ts");
 * assert.equal(fileUrl("/p/@api/100%#1?.ts").href, "file:///p/@api/100%25%231%3F.ts");
 * ```
 */
export function fileUrl(path: string): URL {
  if (!isAbsolute(path)) {
    throw new TypeError(`Cannot make a file URL of '${path}': the path is not absolute`);
  }
  return pathToFileURL(path);
}

/**
 * Imports a file with Deno's module loader.
 *
 * @param file The absolute path.
 * @returns The module namespace.
 */
export async function denoLoader(file: string): Promise<Record<string, unknown>> {
  return await import(fileUrl(file).href);
}

let generation = 0;

/**
 * Starts a new module generation: every versioned loader imports every function file afresh
 * (under a new tag) on its next load. Dev mode calls it when a module that is not a function
 * file changes. Modules the function files import are still cached by Deno: only the function
 * files themselves are evaluated again.
 *
 * @returns The new generation number.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { bumpModuleGeneration } from "./modules.ts";
 *
 * const first = bumpModuleGeneration();
 * assert.equal(bumpModuleGeneration(), first + 1);
 * ```
 */
export function bumpModuleGeneration(): number {
  return ++generation;
}

/**
 * A loader that imports each file under a version tag made of its modification time and size
 * (and the module generation, once bumped), so an edited file is imported afresh while
 * unchanged files come from the module cache (dev mode's hot reload). Each version is imported
 * once: loading it again gives the same module, or the same error. Modules the functions import
 * themselves are not re-imported.
 *
 * @returns The loader.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { createVersionedLoader } from "./modules.ts";
 *
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/a.ts`, "export default 1;");
 * const load = createVersionedLoader();
 * assert.equal((await load(`${dir}/a.ts`)).default, 1);
 * await Deno.writeTextFile(`${dir}/a.ts`, "export default 22;");
 * assert.equal((await load(`${dir}/a.ts`)).default, 22);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export function createVersionedLoader(): ModuleLoader {
  const imports = new Map<string, Promise<Record<string, unknown>>>();
  return async function versionedLoader(file) {
    const info = await Deno.stat(file);
    const tag = generation === 0 ? "" : `-g${generation}`;
    const version = fileUrl(file);
    version.search = `v=${info.mtime?.getTime() ?? 0}-${info.size}${tag}`;
    const url = version.href;
    let loaded = imports.get(url);
    if (!loaded) imports.set(url, loaded = import(url));
    return await loaded;
  };
}

/**
 * Loads a function file and checks its default export. An `openapi` export, or the operations
 * of the project's API description (which win), are compiled here, once: the handler given back
 * checks requests against them (and, with `dev`, responses).
 *
 * @param loader The module loader.
 * @param file The absolute path.
 * @param options `relative`: the path shown in messages; `path`: the route's path parameters;
 * `dev`: check responses too, reporting through `warn`.
 * @returns The handler, or why there is none.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadFunction } from "./modules.ts";
 *
 * const loaded = await loadFunction(() => Promise.resolve({ handler: () => {} }), "/x.ts", {
 *   relative: "@api/x.ts",
 * });
 * assert.equal(loaded.ok, false);
 * ```
 */
export async function loadFunction(
  loader: ModuleLoader,
  file: string,
  options: {
    relative: string;
    path?: readonly PathParameter[];
    dev?: boolean;
    warn?: (message: string) => void;
    /** The operations the project's API description gives the file (they win over `openapi`). */
    described?: readonly FileOperation[];
  },
): Promise<LoadedFunction> {
  let module: Record<string, unknown>;
  try {
    module = await loader(file);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      kind: "import-error",
      message: `Cannot load function file '${options.relative}': ${detail}`,
      error,
    };
  }
  const handler = module?.default;
  if (typeof handler === "function") {
    return checkFunction(handler as ApiFunction, module.openapi, options);
  }
  const why = handler === undefined
    ? "it has no default export"
    : `its default export is ${handler === null ? "null" : `a ${typeof handler}`}, not a function`;
  return {
    ok: false,
    kind: "no-default",
    message: `Function file '${options.relative}' is not routed: ${why} ` +
      "(write `export default function (request, context) { ... }`)",
  };
}
