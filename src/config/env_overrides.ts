/**
 * The `env:` section of `redocly.yaml`: per-environment and per-branch overrides merged over
 * the general config in Redocly's order (general, then `branch.<name>`, then the environment),
 * and the effective config handlers see (overrides applied, placeholders replaced).
 *
 * ```yaml
 * seo: { title: Docs }
 * env:
 *   production: { seo: { title: Docs (live) } }
 *   branch.feature-x: { $ref: ./env/feature-x.yaml }
 * ```
 *
 * @module
 */

import {
  branchSlug,
  ENVIRONMENTS,
  type EnvReader,
  type RedoclyEnvironment,
} from "./environment.ts";
import { substituteEnv } from "./placeholders.ts";

/** Where the config applies. */
export interface ConfigTarget {
  /** The environment (see `resolveEnvironment`). */
  environment: RedoclyEnvironment;
  /** The branch (see `detectBranch`), if any. */
  branch?: string | undefined;
}

/**
 * Merges the `env:` overrides that apply over the general config and drops the `env` key.
 * Mappings merge key by key, recursively; anything else (lists included) is replaced. The keys
 * of `env` are `production`, `preview`, `development` and `branch.<name>` (the branch as
 * written or with `/` as `-`); any other key, or an entry that is not a mapping, throws a
 * `TypeError` naming the file and key.
 *
 * @param config The parsed config, `$ref`s already resolved.
 * @param target The environment and branch.
 * @param file The config file, for messages.
 * @returns The merged config.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { applyEnvOverrides } from "./env_overrides.ts";
 *
 * const config = {
 *   seo: { title: "Docs", lang: "en" },
 *   env: {
 *     production: { seo: { title: "Live" } },
 *     "branch.feature-x": { seo: { title: "Feature", lang: "de" } },
 *   },
 * };
 * assert.deepEqual(
 *   applyEnvOverrides(config, { environment: "production", branch: "feature/x" }, "redocly.yaml"),
 *   { seo: { title: "Live", lang: "de" } },
 * );
 * ```
 */
export function applyEnvOverrides(
  config: Record<string, unknown>,
  target: ConfigTarget,
  file: string,
): Record<string, unknown> {
  const { env, ...general } = config;
  if (env === undefined || env === null) return general;
  const fail = (detail: string) => new TypeError(`Cannot read config file '${file}': ${detail}`);
  if (!isRecord(env)) throw fail("'env' must be a mapping");
  for (const [key, entry] of Object.entries(env)) {
    const known = (ENVIRONMENTS as readonly string[]).includes(key) ||
      /^branch\..+/.test(key);
    if (!known) {
      throw fail(
        `'env.${key}' is not production, preview, development or branch.<name>`,
      );
    }
    if (entry !== null && !isRecord(entry)) throw fail(`'env.${key}' must be a mapping`);
  }
  const keys: string[] = [];
  if (target.branch !== undefined) {
    keys.push(`branch.${target.branch}`);
    if (branchSlug(target.branch) !== target.branch) {
      keys.push(`branch.${branchSlug(target.branch)}`);
    }
  }
  keys.push(target.environment);
  let merged: Record<string, unknown> = general;
  for (const key of keys) {
    const entry = Object.hasOwn(env, key) ? env[key] : undefined;
    if (isRecord(entry)) merged = mergeOver(merged, entry);
  }
  return merged;
}

/**
 * The config handlers see: `env:` overrides applied ({@linkcode applyEnvOverrides}), then
 * every `{{ process.env.NAME }}` replaced (see `substituteEnv`).
 *
 * @param config The parsed config, `$ref`s already resolved.
 * @param target The environment, branch and (optionally) the variable reader.
 * @param file The config file, for messages.
 * @returns The effective config.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { effectiveConfig } from "./env_overrides.ts";
 *
 * const config = {
 *   api: "{{ process.env.API_URL || 'http://localhost:3000' }}",
 *   env: { production: { api: "{{ process.env.API_URL }}" } },
 * };
 * const env = () => undefined;
 * assert.deepEqual(effectiveConfig(config, { environment: "development", env }, "redocly.yaml"), {
 *   api: "http://localhost:3000",
 * });
 * assert.deepEqual(effectiveConfig(config, { environment: "production", env }, "redocly.yaml"), {
 *   api: "",
 * });
 * ```
 */
export function effectiveConfig(
  config: Record<string, unknown>,
  target: ConfigTarget & { env?: EnvReader },
  file: string,
): Record<string, unknown> {
  const merged = applyEnvOverrides(config, target, file);
  return substituteEnv(merged, target.env) as Record<string, unknown>;
}

function mergeOver(
  base: Record<string, unknown>,
  override: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = Object.hasOwn(out, key) ? out[key] : undefined;
    const next = isRecord(current) && isRecord(value) ? mergeOver(current, value) : value;
    Object.defineProperty(out, key, {
      value: next,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
