/**
 * The project a CLI command works on: its root, its settings (the `apifn` key of `deno.json`)
 * and the listener and store options that follow from flags, environment and settings.
 *
 * @module
 */
import { resolve } from "node:path";
import { readProjectEnvFiles } from "../config/env_files.ts";
import { loadProjectConfig } from "../config/project_config.ts";
import type { ApifnSettings } from "../config/settings.ts";
import { parsePort, UsageError } from "./args.ts";

/** A project as the CLI sees it. */
export interface CliProject {
  /** Absolute root. */
  root: string;
  /** The `apifn` settings of `deno.json`. */
  settings: ApifnSettings;
}

/**
 * Reads the project at `root` (default: the working directory). A malformed config file
 * rejects with its file and line.
 *
 * @param root The `--root` flag.
 * @returns The project.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { readProject } from "./project.ts";
 *
 * const root = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${root}/deno.json`, '{ "apifn": { "port": 9000 } }');
 * assert.deepEqual((await readProject(root)).settings, { port: 9000 });
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export async function readProject(root: string | undefined): Promise<CliProject> {
  const base = resolve(root ?? Deno.cwd());
  const { settings } = await loadProjectConfig(base);
  return { root: base, settings };
}

async function envOrDotenv(
  name: string,
  root: string,
  dev: boolean,
): Promise<string | undefined> {
  const real = Deno.env.get(name);
  if (real) return real;
  try {
    return (await readProjectEnvFiles(root, { dev }))[name] || undefined;
  } catch {
    return undefined; // a broken .env file: the app reports it
  }
}

/**
 * The listener options: `--port`, else `PORT` (real environment or `.env`), else
 * `apifn.port`, else 8000; `--hostname`, else `apifn.hostname`, else `0.0.0.0`.
 *
 * @param flags The `--port` and `--hostname` flags, and `dev` (which `.env` files apply).
 * @param project The project.
 * @returns Port and hostname.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { listenOptions } from "./project.ts";
 *
 * const project = { root: "/nowhere", settings: { port: 9000, hostname: "127.0.0.1" } };
 * assert.deepEqual(await listenOptions({ port: "7000" }, project), {
 *   port: 7000,
 *   hostname: "127.0.0.1",
 * });
 * ```
 */
export async function listenOptions(
  flags: { port?: string; hostname?: string; dev?: boolean },
  project: CliProject,
): Promise<{ port: number; hostname: string }> {
  let port = 8000;
  const env = await envOrDotenv("PORT", project.root, flags.dev ?? false);
  if (flags.port !== undefined) port = parsePort(flags.port);
  else if (env !== undefined) {
    if (!/^\d+$/.test(env) || Number(env) > 65535) {
      throw new UsageError(`Invalid PORT '${env}': expected a number from 0 to 65535`);
    }
    port = Number(env);
  } else if (project.settings.port !== undefined) port = project.settings.port;
  return { port, hostname: flags.hostname ?? project.settings.hostname ?? "0.0.0.0" };
}
