/**
 * `.env` in dev mode: loaded at startup without overriding real environment variables, and
 * loaded again when it changes (variables it set are updated or removed; real ones never
 * touched).
 *
 * @module
 */
import { parseDotenv } from "../config/dotenv.ts";

/**
 * Tracks the variables a `.env` file set.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { DotenvTracker } from "./dev_env.ts";
 *
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/.env`, "APIFN_DOC_TRACKED=1\n");
 * const tracker = new DotenvTracker(`${dir}/.env`);
 * await tracker.reload();
 * assert.equal(Deno.env.get("APIFN_DOC_TRACKED"), "1");
 * await Deno.writeTextFile(`${dir}/.env`, "# emptied\n");
 * assert.deepEqual(await tracker.reload(), ["APIFN_DOC_TRACKED"]);
 * assert.equal(Deno.env.get("APIFN_DOC_TRACKED"), undefined);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export class DotenvTracker {
  #path: string;
  #ours = new Map<string, string>();

  /**
   * Creates a tracker; nothing is read until {@linkcode DotenvTracker.reload}.
   *
   * @param path The `.env` file.
   */
  constructor(path: string) {
    this.#path = path;
  }

  /**
   * Reads the file again (a missing file sets nothing) and applies the difference.
   *
   * @returns The names that were set, changed or removed.
   * @throws {SyntaxError} When the file cannot be parsed; nothing changes then.
   */
  async reload(): Promise<string[]> {
    let text = "";
    try {
      text = await Deno.readTextFile(this.#path);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
    const next = parseDotenv(text, { path: this.#path });
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
