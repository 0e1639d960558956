/**
 * Job files: `_jobs/<name>.ts` (nested folders make `mail/welcome`), each default-exporting
 * `(payload, context) => void | Promise<void>` and optionally `schedule` (cron, UTC) and
 * `catchUp`. Files and folders whose name starts with `_` or `.`, tests and declarations are
 * not jobs.
 *
 * @module
 */
import type { ModuleLoader } from "../app/modules.ts";
import type { FsAdapter } from "../routing/fs_adapter.ts";
import { type Cron, parseCron } from "./cron.ts";
import type { JobHandler } from "./job_types.ts";

/** The folder of job files, beside `@api/`. */
export const JOBS_FOLDER = "_jobs";

/** A job file found by {@linkcode scanJobFiles}. */
export interface JobFile {
  /** The job's name: the path under `_jobs/` without its extension. */
  name: string;
  /** Absolute path. */
  file: string;
  /** Path relative to the project root, shown in messages. */
  relative: string;
}

/** A job file, imported and checked. */
export interface LoadedJob extends JobFile {
  /** Its default export. */
  run: JobHandler;
  /** Its `schedule`, parsed. */
  schedule?: Cron | undefined;
  /** Its `catchUp`: run once at startup for a tick missed while no server ran. */
  catchUp: boolean;
}

const CODE = /\.(ts|js|mts|mjs)$/;
const NOT_JOBS = /(_test|\.test)\.[^.]+$|\.d\.[mc]?ts$/;

/**
 * Finds the job files under `<root>/_jobs`.
 *
 * @param fs The file system.
 * @param root The project root (absolute).
 * @returns The files by name; none when the folder is missing.
 * @throws {Error} When two files give the same name (`a.ts` and `a.js`).
 */
export async function scanJobFiles(fs: FsAdapter, root: string): Promise<Map<string, JobFile>> {
  const found = new Map<string, JobFile>();
  async function walk(inner: string): Promise<void> {
    const dir = `${root.replace(/[\\/]+$/, "")}/${JOBS_FOLDER}${inner ? `/${inner}` : ""}`;
    const entries = [];
    try {
      for await (const entry of fs.readDir(dir)) entries.push(entry);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return;
      throw error;
    }
    entries.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    for (const entry of entries) {
      if (entry.name.startsWith("_") || entry.name.startsWith(".")) continue;
      const path = inner ? `${inner}/${entry.name}` : entry.name;
      if (entry.isDirectory) await walk(path);
      else if (entry.isFile && CODE.test(entry.name) && !NOT_JOBS.test(entry.name)) {
        const name = path.replace(CODE, "");
        const relative = `${JOBS_FOLDER}/${path}`;
        const other = found.get(name);
        if (other) {
          throw new Error(`Job files '${other.relative}' and '${relative}' are both job '${name}'`);
        }
        found.set(name, { name, file: `${dir}/${entry.name}`, relative });
      }
    }
  }
  await walk("");
  return found;
}

/**
 * Imports a job file and checks its exports.
 *
 * @param loader The module loader.
 * @param job The file.
 * @returns The job.
 * @throws {Error} `Cannot load job file '_jobs/x.ts': …` when the import fails, the default
 * export is not a function, `schedule` is not a valid cron expression or `catchUp` not a boolean.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadJob } from "./files.ts";
 *
 * const job = { name: "x", file: "/p/_jobs/x.ts", relative: "_jobs/x.ts" };
 * const loaded = await loadJob(() => Promise.resolve({ default: () => {}, schedule: "@daily" }), job);
 * assert.equal(loaded.schedule?.source, "@daily");
 * await assert.rejects(
 *   loadJob(() => Promise.resolve({ default: () => {}, schedule: "@often" }), job),
 *   /^Error: Cannot load job file '_jobs\/x.ts': Cannot parse cron expression '@often'/,
 * );
 * ```
 */
export async function loadJob(loader: ModuleLoader, job: JobFile): Promise<LoadedJob> {
  const fail = (detail: string, cause?: unknown): never => {
    throw new Error(`Cannot load job file '${job.relative}': ${detail}`, { cause });
  };
  let module: Record<string, unknown> = {};
  try {
    module = await loader(job.file);
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error), error);
  }
  const { default: run, schedule, catchUp } = module;
  if (typeof run !== "function") {
    fail(
      "its default export is not a function (write `export default function (payload, context) { … }`)",
    );
  }
  let cron: Cron | undefined;
  if (schedule !== undefined) {
    try {
      cron = parseCron(schedule as string);
    } catch (error) {
      fail((error as Error).message, error);
    }
  }
  if (catchUp !== undefined && typeof catchUp !== "boolean") fail("`catchUp` must be a boolean");
  return { ...job, run: run as JobHandler, schedule: cron, catchUp: catchUp === true };
}
