/**
 * The `.env` files in dev mode: `.env`, `.env.branch.<branch>` and `.env.<REDOCLY_ENV>` loaded
 * at startup in that order (a later file wins) without overriding real environment variables,
 * and loaded again when one of them changes or git checks out another branch (variables they
 * set are updated or removed; real ones never touched).
 *
 * @module
 */
import { detectBranch, envFilePaths, type RedoclyEnvironment } from "../config/environment.ts";
import { readEnvFiles } from "../config/env_files.ts";

/**
 * Tracks the variables the `.env` files of a project set.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { DotenvTracker } from "./dev_env.ts";
 *
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/.env`, "APIFN_DOC_TRACKED=1\n");
 * await Deno.writeTextFile(`${dir}/.env.development`, "APIFN_DOC_TRACKED=2\n");
 * const tracker = new DotenvTracker(dir, { environment: "development" });
 * await tracker.reload();
 * assert.equal(Deno.env.get("APIFN_DOC_TRACKED"), "2");
 * await Deno.writeTextFile(`${dir}/.env`, "# emptied\n");
 * await Deno.remove(`${dir}/.env.development`);
 * assert.deepEqual(await tracker.reload(), ["APIFN_DOC_TRACKED"]);
 * assert.equal(Deno.env.get("APIFN_DOC_TRACKED"), undefined);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export class DotenvTracker {
  #root: string;
  #environment: RedoclyEnvironment;
  #ours = new Map<string, string>();

  /**
   * Creates a tracker; nothing is read until {@linkcode DotenvTracker.reload}.
   *
   * @param root The project root.
   * @param options The environment whose file loads last.
   */
  constructor(root: string, options: { environment: RedoclyEnvironment }) {
    this.#root = root;
    this.#environment = options.environment;
  }

  /**
   * Reads the files again (missing ones set nothing), for the branch checked out now, and
   * applies the difference.
   *
   * @returns The names that were set, changed or removed.
   * @throws {SyntaxError} When a file cannot be parsed; nothing changes then.
   */
  async reload(): Promise<string[]> {
    const branch = await detectBranch(this.#root);
    const paths = envFilePaths(this.#root, { environment: this.#environment, branch });
    const next = await readEnvFiles(paths);
    const changed: string[] = [];
    for (const name of [...this.#ours.keys()]) {
      if (name in next) continue;
      Deno.env.delete(name);
      this.#ours.delete(name);
      changed.push(name);
    }
    for (const [name, value] of Object.entries(next)) {
      const real = !this.#ours.has(name) && Deno.env.get(name) !== undefined;
      if (real || this.#ours.get(name) === value) continue;
      Deno.env.set(name, value);
      this.#ours.set(name, value);
      changed.push(name);
    }
    return changed;
  }
}
