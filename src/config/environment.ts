/**
 * Which Redocly environment and git branch a project runs in: `REDOCLY_ENV` (`production`,
 * `preview` or `development`) and the branch from `PUBLIC_REDOCLY_BRANCH_NAME` or git. Both
 * decide which `.env` files load and which `env:` overrides of `redocly.yaml` apply.
 *
 * @module
 */

/** A Redocly environment. */
export type RedoclyEnvironment = "production" | "preview" | "development";

/** The environments, in the order messages list them. */
export const ENVIRONMENTS: readonly RedoclyEnvironment[] = ["production", "preview", "development"];

/** Reads an environment variable (`undefined` when unset or without permission). */
export type EnvReader = (name: string) => string | undefined;

/**
 * Reads a variable of the process environment; `undefined` without `--allow-env`.
 *
 * @param name The variable.
 * @returns Its value, or `undefined`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { readEnv } from "./environment.ts";
 *
 * assert.equal(readEnv("APIFN_SURELY_UNSET_VARIABLE"), undefined);
 * ```
 */
export function readEnv(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined;
  }
}

/**
 * The environment: `REDOCLY_ENV` when set, else `development` in dev mode and `production`
 * otherwise. Throws a `RangeError` naming any other value.
 *
 * @param dev Whether the app runs in dev mode.
 * @param env Reads `REDOCLY_ENV` (default: the process environment).
 * @returns The environment.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { resolveEnvironment } from "./environment.ts";
 *
 * assert.equal(resolveEnvironment(true, () => undefined), "development");
 * assert.equal(resolveEnvironment(false, () => undefined), "production");
 * assert.equal(resolveEnvironment(true, () => "preview"), "preview");
 * assert.throws(() => resolveEnvironment(false, () => "staging"), RangeError);
 * ```
 */
export function resolveEnvironment(dev: boolean, env: EnvReader = readEnv): RedoclyEnvironment {
  const value = env("REDOCLY_ENV");
  if (value === undefined || value === "") return dev ? "development" : "production";
  if ((ENVIRONMENTS as readonly string[]).includes(value)) return value as RedoclyEnvironment;
  throw new RangeError(
    `Cannot use REDOCLY_ENV '${value}': expected 'production', 'preview' or 'development'`,
  );
}

/**
 * The current branch: `PUBLIC_REDOCLY_BRANCH_NAME` when set, else the branch git has checked
 * out in `root` (`undefined` without git, outside a repository, on a detached HEAD or without
 * `--allow-run`).
 *
 * @param root The project root (git looks upward from it).
 * @param env Reads `PUBLIC_REDOCLY_BRANCH_NAME` (default: the process environment).
 * @returns The branch name as written (`feature/x`), or `undefined`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { detectBranch } from "./environment.ts";
 *
 * const env = (name: string) => name === "PUBLIC_REDOCLY_BRANCH_NAME" ? "feature/x" : undefined;
 * assert.equal(await detectBranch("/nowhere", env), "feature/x");
 * ```
 */
export async function detectBranch(
  root: string,
  env: EnvReader = readEnv,
): Promise<string | undefined> {
  const named = env("PUBLIC_REDOCLY_BRANCH_NAME");
  if (named !== undefined && named !== "") return named;
  try {
    // Asking first: without --allow-run, Deno would prompt on a terminal.
    if (Deno.permissions.querySync({ name: "run", command: "git" }).state !== "granted") {
      return undefined;
    }
    // symbolic-ref, unlike rev-parse, also names the branch of a repository without commits.
    const output = await new Deno.Command("git", {
      args: ["symbolic-ref", "--short", "-q", "HEAD"],
      cwd: root,
      stdin: "null",
      stdout: "piped",
      stderr: "null",
    }).output();
    const branch = new TextDecoder().decode(output.stdout).trim();
    return output.success && branch !== "" ? branch : undefined;
  } catch {
    return undefined; // no git, no such folder, or no permission to run it
  }
}

/**
 * The `.env` files of an environment and branch, in load order (a later file wins): `.env`,
 * `.env.branch.<branch>` (with `/` written as `-`), `.env.<environment>`.
 *
 * @param root The project root.
 * @param where The environment and branch.
 * @returns Absolute paths (the files may not exist).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { envFilePaths } from "./environment.ts";
 *
 * assert.deepEqual(envFilePaths("/p", { environment: "production", branch: "feature/x" }), [
 *   "/p/.env",
 *   "/p/.env.branch.feature-x",
 *   "/p/.env.production",
 * ]);
 * ```
 */
export function envFilePaths(
  root: string,
  where: { environment: RedoclyEnvironment; branch?: string | undefined },
): string[] {
  const base = root.replace(/[\\/]+$/, "");
  const paths = [`${base}/.env`];
  if (where.branch !== undefined) paths.push(`${base}/.env.branch.${branchSlug(where.branch)}`);
  paths.push(`${base}/.env.${where.environment}`);
  return paths;
}

/**
 * A branch name as it appears in file names and `env:` keys: `/` becomes `-`.
 *
 * @param branch The branch name.
 * @returns The name with every `/` replaced.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { branchSlug } from "./environment.ts";
 *
 * assert.equal(branchSlug("feature/new/api"), "feature-new-api");
 * ```
 */
export function branchSlug(branch: string): string {
  return branch.replaceAll("/", "-");
}
