/**
 * Project configuration: `redocly.yaml` (the `context.config` of handlers and
 * `apiFunctions.folders`) and the `apifn` key of `deno.json` / `deno.jsonc`.
 *
 * @module
 */

import { resolve } from "node:path";
import { type EnvReader, type RedoclyEnvironment, resolveEnvironment } from "./environment.ts";
import { effectiveConfig } from "./env_overrides.ts";
import { locateJsonError } from "./json_errors.ts";
import { lineAt, stripJsonc } from "./jsonc.ts";
import { resolveRefs } from "./refs.ts";
import { type ApifnSettings, readSettings } from "./settings.ts";
import { parseYamlText } from "./yaml.ts";

/** The result of {@linkcode loadProjectConfig}. */
export type ProjectConfig = {
  /**
   * The effective `redocly.yaml` (`{}` when absent or empty): `$ref`s resolved, the `env:`
   * overrides of the environment and branch merged, `{{ process.env.NAME }}` replaced.
   */
  config: Record<string, unknown>;
  /**
   * `redocly.yaml` with only its `$ref`s resolved (`env:` and placeholders kept), for
   * manifests, which apply the rest where they run.
   */
  rawConfig?: Record<string, unknown>;
  /** Extra function folders, as written: `apiFunctions.folders`, then `apifn.folders`. */
  folders: string[];
  /** Absolute paths of the config files that were read (`$ref`'d files included). */
  files: string[];
  /** The other keys of `deno.json`'s `apifn` section (`kv`, `port`, `hostname`). */
  settings: ApifnSettings;
};

/** Options of {@linkcode loadProjectConfig}: where the config applies. */
export interface LoadProjectConfigOptions {
  /** The environment whose `env:` overrides apply (default: `REDOCLY_ENV`, else `production`). */
  environment?: RedoclyEnvironment;
  /** The branch whose `env: { branch.<name> }` overrides apply (default: none). */
  branch?: string | undefined;
  /** Reads `REDOCLY_ENV` and the variables of placeholders (default: the process environment). */
  env?: EnvReader;
}

/**
 * Reads the configuration of the project at `root`: `redocly.yaml` (or
 * `redocly.yml`) and the `apifn` key of `deno.json` (or `deno.jsonc`, comments
 * and trailing commas allowed). Missing files are skipped. In `redocly.yaml`,
 * `$ref`s are resolved relative to the file that holds them, then the `env:`
 * overrides of the environment and branch are merged, then placeholders are
 * replaced. Throws a `SyntaxError` naming the file and line for unparsable
 * files, an `Error` naming the file and path for a `$ref` that is missing or
 * cyclic, and a `TypeError` naming the file for folders that are not arrays of
 * strings or a malformed `env:` section.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadProjectConfig } from "./project_config.ts";
 *
 * const root = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${root}/redocly.yaml`, "apiFunctions:\n  folders: [/blog]\n");
 * await Deno.writeTextFile(`${root}/deno.json`, '{ "apifn": { "folders": ["/extra"] } }');
 * const { config, folders, files } = await loadProjectConfig(root);
 * assert.deepEqual(config, { apiFunctions: { folders: ["/blog"] } });
 * assert.deepEqual(folders, ["/blog", "/extra"]);
 * assert.equal(files.length, 2);
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export async function loadProjectConfig(
  root: string,
  options: LoadProjectConfigOptions = {},
): Promise<ProjectConfig> {
  const base = resolve(root);
  const files: string[] = [];
  const folders: string[] = [];
  let config: Record<string, unknown> = {};
  let rawConfig: Record<string, unknown> = {};
  let settings: ApifnSettings = {};

  const redocly = await readFirst(base, ["redocly.yaml", "redocly.yml"]);
  if (redocly !== undefined) {
    files.push(redocly.path);
    const parsed = parseYamlConfig(redocly.text, redocly.path);
    rawConfig = await resolveRefs(parsed, redocly.path, { files }) as Record<string, unknown>;
    const environment = options.environment ?? resolveEnvironment(false, options.env);
    const target = { ...options, environment };
    config = effectiveConfig(rawConfig, target, redocly.path);
    addFolders(folders, config.apiFunctions, "apiFunctions", redocly.path);
  }

  const deno = await readFirst(base, ["deno.json", "deno.jsonc"]);
  if (deno !== undefined) {
    files.push(deno.path);
    const json = parseJsonConfig(deno.text, deno.path);
    if (isRecord(json)) addFolders(folders, json.apifn, "apifn", deno.path);
    if (isRecord(json) && isRecord(json.apifn)) settings = readSettings(json.apifn, deno.path);
  }
  return { config, rawConfig, folders, files, settings };
}

async function readFirst(
  base: string,
  names: string[],
): Promise<{ path: string; text: string } | undefined> {
  for (const name of names) {
    const path = resolve(base, name);
    try {
      return { path, text: await Deno.readTextFile(path) };
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
  return undefined;
}

function parseYamlConfig(text: string, path: string): Record<string, unknown> {
  const parsed = parseYamlText(text, path);
  if (parsed === null || parsed === undefined) return {};
  if (!isRecord(parsed)) {
    throw new TypeError(`Cannot read config file '${path}': expected a mapping at the top level`);
  }
  return parsed;
}

function parseJsonConfig(text: string, path: string): unknown {
  const stripped = stripJsonc(text.replace(/^\uFEFF/, ""));
  try {
    return JSON.parse(stripped);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    // JSON.parse messages do not always carry a position, so locate the error ourselves.
    const located = locateJsonError(stripped) ??
      { position: stripped.length, reason: error.message };
    const line = lineAt(stripped, located.position);
    throw new SyntaxError(`Cannot parse config file '${path}' at line ${line}: ${located.reason}`, {
      cause: error,
    });
  }
}

function addFolders(folders: string[], section: unknown, name: string, path: string): void {
  if (section === undefined || section === null) return;
  if (!isRecord(section)) {
    throw new TypeError(`Cannot read config file '${path}': '${name}' must be an object`);
  }
  const list = section.folders;
  if (list === undefined || list === null) return;
  if (!Array.isArray(list) || !list.every((item) => typeof item === "string")) {
    throw new TypeError(
      `Cannot read config file '${path}': '${name}.folders' must be an array of strings`,
    );
  }
  for (const folder of list) {
    if (!folders.includes(folder)) folders.push(folder);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
