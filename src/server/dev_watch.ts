/**
 * What `apifn dev` watches: which changed paths matter (function folders, config files and the
 * files they `$ref`, `.env` files, the checked-out git branch) and what kind of change each is.
 *
 * @module
 */

import { MIDDLEWARE_NAME } from "../routing/walk.ts";

/** What a changed path is to the dev server. */
export type ChangeKind =
  /**
   * A function file, a `_middleware.ts` file, a folder on the way to or inside a function
   * folder: rescan.
   */
  | "function"
  /** A module under a function folder that is not a route (`_util.ts`): new module generation. */
  | "module"
  /** `redocly.yaml`, `deno.json` or a file they `$ref`: rescan with the new config. */
  | "config"
  /**
   * A root `.env` file (`.env`, `.env.branch.<name>`, `.env.<environment>`) or `.git/HEAD` (a
   * branch switch): reload the variables they set, then the config.
   */
  | "env";

/** The project as the watcher sees it (absolute POSIX paths). */
export interface WatchedProject {
  /** The project root. */
  root: string;
  /** The function folders, existing or not. */
  folders: readonly string[];
  /** Config files read by the app. */
  configFiles: readonly string[];
}

const CONFIG_NAMES = ["redocly.yaml", "redocly.yml", "deno.json", "deno.jsonc"];
const IGNORED_DIRS = new Set([".apifn", "node_modules", ".git"]);
const CODE = /\.(ts|js|mts|mjs|cts|cjs|tsx|jsx|json)$/;
const NOT_ROUTES = /(_test|\.test)\.[^.]+$|\.d\.ts$/;

function isEditorTemp(name: string): boolean {
  return name.endsWith("~") || /\.(swp|swx|tmp)$/.test(name) || name.startsWith(".#") ||
    name === "4913";
}

function isHidden(parts: readonly string[]): boolean {
  return parts.some((part) => part.startsWith("_") || part.startsWith("."));
}

/**
 * Classifies a changed path, or returns `null` when the dev server should ignore it.
 *
 * @param path The absolute path from a file system event.
 * @param project The project's root, folders and config files.
 * @returns The kind of change, or `null`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { classifyChange } from "./dev_watch.ts";
 *
 * const project = { root: "/p", folders: ["/p/@api", "/p/blog/posts"], configFiles: [] };
 * assert.equal(classifyChange("/p/@api/notes.get.ts", project), "function");
 * assert.equal(classifyChange("/p/@api/notes/_note.ts", project), "module");
 * assert.equal(classifyChange("/p/@api/notes/_middleware.ts", project), "function");
 * assert.equal(classifyChange("/p/blog", project), "function");
 * assert.equal(classifyChange("/p/deno.json", project), "config");
 * assert.equal(classifyChange("/p/.env", project), "env");
 * assert.equal(classifyChange("/p/.env.production", project), "env");
 * assert.equal(classifyChange("/p/.git/HEAD", project), "env");
 * assert.equal(classifyChange("/p/.apifn/kv.sqlite3", project), null);
 * assert.equal(classifyChange("/p/README.md", project), null);
 * ```
 */
export function classifyChange(path: string, project: WatchedProject): ChangeKind | null {
  const file = path.replaceAll("\\", "/");
  const root = project.root.replaceAll("\\", "/").replace(/\/+$/, "");
  if (file !== root && !file.startsWith(root + "/")) return null;
  const relative = file.slice(root.length + 1);
  if (relative === ".git/HEAD") return "env";
  const parts = relative.split("/");
  if (parts.some((part) => IGNORED_DIRS.has(part))) return null;
  const name = parts[parts.length - 1]!;
  if (isEditorTemp(name)) return null;
  if (relative === ".env" || (parts.length === 1 && name.startsWith(".env."))) return "env";
  if (project.configFiles.includes(file) || (parts.length === 1 && CONFIG_NAMES.includes(name))) {
    return "config";
  }
  for (const folder of project.folders) {
    const base = folder.replaceAll("\\", "/");
    if (base === file || base.startsWith(file + "/")) return "function"; // the folder or above
    if (!file.startsWith(base + "/")) continue;
    const inside = file.slice(base.length + 1).split("/");
    if (NOT_ROUTES.test(name) && CODE.test(name)) return null; // tests and declarations
    const hidden = isHidden(inside);
    // A middleware file is imported by version like a function file: a rescan picks it up.
    if (hidden && MIDDLEWARE_NAME.test(name) && !isHidden(inside.slice(0, -1))) return "function";
    if (hidden || name.endsWith(".json")) return CODE.test(name) ? "module" : null;
    return "function";
  }
  return null;
}

/**
 * Watches the project root recursively and calls `onChange` with the relevant paths of each
 * file system event. Stop it with `close()`.
 *
 * @param project The project (read again on every event: folders may change).
 * @param onChange Called with the relevant paths and their kinds.
 * @returns The watcher handle.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { watchProject } from "./dev_watch.ts";
 *
 * const root = await Deno.makeTempDir();
 * const seen = Promise.withResolvers<string>();
 * const project = { root, folders: [`${root}/@api`], configFiles: [] };
 * const watcher = watchProject(() => project, (changes) => seen.resolve([...changes.values()][0]!));
 * await Deno.mkdir(`${root}/@api`);
 * assert.equal(await seen.promise, "function");
 * watcher.close();
 * await watcher.done;
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export function watchProject(
  project: () => WatchedProject,
  onChange: (changes: Map<string, ChangeKind>) => void,
): { close(): void; done: Promise<void> } {
  const watcher = Deno.watchFs(project().root, { recursive: true });
  const done = (async () => {
    for await (const event of watcher) {
      if (event.kind === "access") continue;
      const current = project();
      const changes = new Map<string, ChangeKind>();
      for (const path of event.paths) {
        const kind = classifyChange(path, current);
        if (kind !== null) changes.set(path, kind);
      }
      if (changes.size > 0) onChange(changes);
    }
  })();
  return {
    close() {
      try {
        watcher.close();
      } catch {
        // already closed
      }
    },
    done,
  };
}
