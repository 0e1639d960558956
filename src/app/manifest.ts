/**
 * Static manifests: the function files of a project imported by literal specifiers, plus its
 * parsed configuration, so the project runs where walking folders or importing computed paths
 * is impossible (Deno Deploy, `deno compile`). `apifn gen` writes one; `createApp({ manifest })`
 * reads it.
 *
 * @module
 */
import type { ProjectConfig } from "../config/project_config.ts";
import type { ApifnSettings } from "../config/settings.ts";
import { createMemoryFs, type MemoryFs } from "../routing/fs.ts";

/** The current manifest format. */
export const MANIFEST_VERSION = 1;

/**
 * A function file in a manifest: its path and its module, imported (`module`) or imported when
 * first needed (`load`, what `apifn gen` writes: a literal `import()` that `deno compile` and
 * Deploy still see, and that runs after `createApp` has set up `.yaml` imports).
 */
export type ManifestFunction = {
  /** POSIX path relative to the project root, e.g. `@api/notes/[id].get.ts`. */
  file: string;
  /** The module namespace (`import * as f0 from "./@api/…"`). */
  module: Record<string, unknown>;
} | {
  /** POSIX path relative to the project root. */
  file: string;
  /** Imports the module (`() => import("./@api/…")`). */
  load: () => Promise<Record<string, unknown>>;
};

/** What `apifn gen` writes as the default export of `apifn.manifest.ts`. */
export interface AppManifest {
  /** Format version: {@linkcode MANIFEST_VERSION}. */
  version: number;
  /** Every function file found by the scan. */
  functions: readonly ManifestFunction[];
  /** Every `_middleware.ts` file found by the scan (absent: none; older manifests). */
  middlewares?: readonly ManifestFunction[];
  /** Extra function folders (`apiFunctions.folders` of `redocly.yaml`, then `apifn.folders`). */
  folders: readonly string[];
  /** `redocly.yaml`, `$ref`s resolved; its `env:` overrides and placeholders apply at startup. */
  config: Record<string, unknown>;
  /** The `apifn` settings of `deno.json` (`kv`, `port`, `hostname`). */
  settings?: ApifnSettings;
  /** The `apifn.auth` section of `deno.json` (JWT settings; secrets come from the environment). */
  auth?: Record<string, unknown>;
  /** When it was generated (ISO 8601). */
  generatedAt?: string;
}

/**
 * Turns a manifest into what `createApp` otherwise reads from disk: the project configuration,
 * and a file system whose files are the manifest's modules (so the same scan, routing rules
 * and conflict checks apply).
 *
 * @param manifest The manifest.
 * @param root The project root (absolute).
 * @returns The configuration and the in-memory file system.
 * @throws {TypeError} When the manifest is not one `apifn gen` wrote.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { manifestSource } from "./manifest.ts";
 *
 * const hello = { default: () => new Response("hi") };
 * const { project, fs } = manifestSource({
 *   version: 1,
 *   functions: [{ file: "@api/hello.get.ts", module: hello }],
 *   folders: [],
 *   config: { seo: { title: "x" } },
 * }, "/app");
 * assert.deepEqual(project.config, { seo: { title: "x" } });
 * assert.equal(await fs.load("/app/@api/hello.get.ts"), hello);
 * ```
 */
export function manifestSource(
  manifest: AppManifest,
  root: string,
): { project: ProjectConfig; fs: MemoryFs } {
  checkManifest(manifest);
  const files: Record<string, unknown> = {};
  const lazy = new Map<string, () => Promise<Record<string, unknown>>>();
  const posixRoot = root.replaceAll("\\", "/").replace(/\/$/, "");
  for (const fn of [...manifest.functions, ...manifest.middlewares ?? []]) {
    files[fn.file] = "module" in fn ? fn.module : {};
    if ("load" in fn) lazy.set(`${posixRoot}/${fn.file}`, fn.load);
  }
  const fs = createMemoryFs(files, { root: posixRoot });
  const load = fs.load;
  if (lazy.size > 0) {
    fs.load = (path) => {
      const importer = lazy.get(path.replaceAll("\\", "/"));
      return importer ? importer() : load(path);
    };
  }
  return {
    project: {
      config: manifest.config ?? {},
      folders: [...manifest.folders],
      files: [],
      settings: manifest.settings ?? {},
    },
    fs,
  };
}

function checkManifest(manifest: AppManifest): void {
  const bad = (detail: string) => new TypeError(`Cannot use manifest: ${detail}`);
  if (manifest === null || typeof manifest !== "object") {
    throw bad("expected the default export of a file written by 'apifn gen'");
  }
  if (manifest.version !== MANIFEST_VERSION) {
    throw bad(
      `format version '${manifest.version}' is not ${MANIFEST_VERSION} (run 'apifn gen' again)`,
    );
  }
  if (!Array.isArray(manifest.functions)) throw bad("'functions' must be an array");
  if (!Array.isArray(manifest.folders)) throw bad("'folders' must be an array");
  const middlewares = manifest.middlewares ?? [];
  if (!Array.isArray(middlewares)) throw bad("'middlewares' must be an array");
  for (const fn of [...manifest.functions, ...middlewares]) {
    const module = (fn as { module?: unknown })?.module;
    const load = (fn as { load?: unknown })?.load;
    const shaped = typeof module === "object" && module !== null
      ? load === undefined
      : module === undefined && typeof load === "function";
    if (typeof fn?.file !== "string" || !shaped) {
      throw bad(`entry ${JSON.stringify(fn?.file)} must be { file, module } or { file, load }`);
    }
  }
}
