/**
 * `{{ process.env.NAME }}` placeholders in `redocly.yaml` strings, as Redocly writes them:
 * `{{ process.env.NAME }}`, `{{ process.env.NAME || "default" }}` and
 * `{{ process.env.NAME | 'default' }}` (either quote in either form).
 *
 * @module
 */

import { type EnvReader, readEnv } from "./environment.ts";

const PLACEHOLDER =
  /\{\{\s*process\.env\.([A-Za-z_][A-Za-z0-9_]*)\s*(?:\|\|?\s*(?:"([^"]*)"|'([^']*)')\s*)?\}\}/g;

/**
 * Replaces the placeholders in every string value of a config (keys are left alone). A
 * variable that is unset or empty gives its default, or `""` without one (as Redocly renders
 * an unset variable). Other `{{ … }}` text is kept as written.
 *
 * @param value The config, or any part of it.
 * @param env Reads a variable (default: the process environment).
 * @returns A copy with the placeholders replaced.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { substituteEnv } from "./placeholders.ts";
 *
 * const env = (name: string) => ({ API_URL: "https://api.example.com" })[name];
 * assert.deepEqual(
 *   substituteEnv({
 *     url: "{{ process.env.API_URL }}/v1",
 *     list: ["{{ process.env.MISSING || \"fallback\" }}", "{{process.env.MISSING | 'other'}}"],
 *     empty: "[{{ process.env.MISSING }}]",
 *   }, env),
 *   { url: "https://api.example.com/v1", list: ["fallback", "other"], empty: "[]" },
 * );
 * ```
 */
export function substituteEnv(value: unknown, env: EnvReader = readEnv): unknown {
  if (typeof value === "string") {
    if (!value.includes("{{")) return value;
    return value.replace(PLACEHOLDER, (_whole, name: string, double?: string, single?: string) => {
      const set = env(name);
      return set !== undefined && set !== "" ? set : double ?? single ?? "";
    });
  }
  if (Array.isArray(value)) return value.map((item) => substituteEnv(item, env));
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    Object.defineProperty(out, key, {
      value: substituteEnv(item, env),
      writable: true,
      enumerable: true,
      configurable: true,
    });
  }
  return out;
}
