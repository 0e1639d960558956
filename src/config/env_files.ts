/**
 * The `.env` files of a project, in Redocly's order: `.env`, then `.env.branch.<branch>`, then
 * `.env.<REDOCLY_ENV>`; a later file wins over an earlier one, and a variable already set in
 * the process environment wins over every file.
 *
 * @module
 */

import { parseDotenv, setMissing } from "./dotenv.ts";
import {
  detectBranch,
  envFilePaths,
  type RedoclyEnvironment,
  resolveEnvironment,
} from "./environment.ts";

/**
 * Reads `.env` files and merges them, a later file winning. Missing files, and files the
 * process may not read (`--allow-read` granted for some of them only), are skipped; a file
 * that cannot be parsed rejects with a `SyntaxError` naming it and the line.
 *
 * @param paths The files, in load order.
 * @returns The merged variables.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { readEnvFiles } from "./env_files.ts";
 *
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/.env`, "A=general\nB=general\n");
 * await Deno.writeTextFile(`${dir}/.env.production`, "B=production\n");
 * assert.deepEqual(await readEnvFiles([`${dir}/.env`, `${dir}/.env.production`, `${dir}/none`]), {
 *   A: "general",
 *   B: "production",
 * });
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function readEnvFiles(paths: readonly string[]): Promise<Record<string, string>> {
  const merged: Record<string, string> = {};
  for (const path of paths) {
    // Asking first: without read access, Deno would prompt on a terminal.
    if (Deno.permissions.querySync({ name: "read", path }).state !== "granted") continue;
    let text: string;
    try {
      text = await Deno.readTextFile(path);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound || error instanceof Deno.errors.NotCapable) {
        continue;
      }
      throw error;
    }
    Object.assign(merged, parseDotenv(text, { path }));
  }
  return merged;
}

/**
 * Loads the `.env` files of an environment and branch into the process environment, in
 * Redocly's order, without overriding variables that are already set. Returns the names set.
 *
 * @param root The project root.
 * @param where The environment and branch (see `resolveEnvironment`, `detectBranch`).
 * @returns The names it set.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadEnvFiles } from "./env_files.ts";
 *
 * const root = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${root}/.env`, "APIFN_DOC_KEY=general\n");
 * await Deno.writeTextFile(`${root}/.env.branch.feature-x`, "APIFN_DOC_KEY=branch\n");
 * await Deno.writeTextFile(`${root}/.env.preview`, "APIFN_DOC_KEY=preview\n");
 * const names = await loadEnvFiles(root, { environment: "preview", branch: "feature/x" });
 * assert.deepEqual(names, ["APIFN_DOC_KEY"]);
 * assert.equal(Deno.env.get("APIFN_DOC_KEY"), "preview");
 * Deno.env.delete("APIFN_DOC_KEY");
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export async function loadEnvFiles(
  root: string,
  where: { environment: RedoclyEnvironment; branch?: string | undefined },
): Promise<string[]> {
  return setMissing(await readEnvFiles(envFilePaths(root, where)));
}

/**
 * Reads a project's `.env` files for the environment a CLI command runs in (`REDOCLY_ENV`, else
 * `development` under `dev` and `production` otherwise) and the current branch, merged in
 * Redocly's order, without touching the process environment.
 *
 * @param root The project root.
 * @param options `dev`: the command is `apifn dev`.
 * @returns The merged variables.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { readProjectEnvFiles } from "./env_files.ts";
 *
 * const root = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${root}/.env`, "PORT=7000\n");
 * await Deno.writeTextFile(`${root}/.env.development`, "PORT=7001\n");
 * assert.equal((await readProjectEnvFiles(root, { dev: true })).PORT, "7001");
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export async function readProjectEnvFiles(
  root: string,
  options: { dev: boolean },
): Promise<Record<string, string>> {
  const where = { environment: resolveEnvironment(options.dev), branch: await detectBranch(root) };
  return await readEnvFiles(envFilePaths(root, where));
}
