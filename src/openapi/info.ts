/**
 * The document's `info`: the title from `redocly.yaml` (`seo.title`) or `deno.json` (`name`),
 * the version and license from `deno.json`, the description from `redocly.yaml`
 * (`seo.description`); the root folder's name and `0.0.0` when they say nothing.
 *
 * @module
 */
import { basename } from "node:path";
import { loadProjectConfig } from "../config/project_config.ts";
import { stripJsonc } from "../config/jsonc.ts";
import type { OpenApiInfo } from "./types.ts";

/**
 * Reads the project's `info`.
 *
 * @param root The project root (absolute).
 * @returns Title, version and, when known, description and license.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { readInfo } from "./info.ts";
 *
 * const root = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${root}/deno.json`, '{ "name": "@acme/notes", "version": "1.2.0" }');
 * assert.deepEqual(await readInfo(root), { title: "@acme/notes", version: "1.2.0" });
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export async function readInfo(root: string): Promise<OpenApiInfo> {
  const { config, files } = await loadProjectConfig(root);
  const denoFile = files.find((file) => /deno\.jsonc?$/.test(file));
  const deno = denoFile ? asRecord(JSON.parse(stripJsonc(await Deno.readTextFile(denoFile)))) : {};
  const seo = asRecord(config.seo);
  const info: OpenApiInfo = {
    title: text(seo.title) ?? text(deno.name) ?? (basename(root) || "API"),
    version: text(deno.version) ?? "0.0.0",
  };
  const description = text(seo.description);
  if (description) info.description = description;
  const license = text(deno.license);
  // An SPDX expression is also the license's identifier.
  if (license) {
    info.license = /^[A-Za-z0-9.+-]+$/.test(license)
      ? { name: license, identifier: license }
      : { name: license };
  }
  return info;
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? value as Record<string, unknown>
    : {};
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}
