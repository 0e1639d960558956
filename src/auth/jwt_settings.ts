/**
 * Where the built-in JWT authentication gets its settings: the `jwt` option of `createApp`, then
 * the environment (`APIFN_JWT_*`, `APIFN_JWKS_URL`), then `apifn.auth.jwt` in `redocly.yaml`, then
 * in `deno.json` (the order of the other project settings). A deployed project needs no code.
 *
 * @module
 */

import type { JwtOptions } from "./jwt.ts";

/** The keys accepted under `apifn.auth.jwt` in a config file. */
export const JWT_FILE_KEYS: readonly string[] = Object.freeze([
  "jwksUrl",
  "publicKey",
  "issuer",
  "audience",
  "teamsClaim",
  "emailClaim",
  "cookie",
  "clockSkewSeconds",
  "algorithms",
]);

const KEY_SOURCES = ["secret", "jwksUrl", "publicKey"] as const;
const STRING_KEYS = ["jwksUrl", "teamsClaim", "emailClaim", "cookie"];
const LIST_KEYS = ["issuer", "audience"];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function list(value: string): string | string[] {
  const items = value.split(",").map((item) => item.trim()).filter((item) => item !== "");
  return items.length === 1 ? items[0]! : items;
}

/** Reads the JWT settings of the environment. */
function fromEnv(env: (name: string) => string | undefined): Partial<JwtOptions> {
  const read = (name: string) => {
    const value = env(name)?.trim();
    return value === undefined || value === "" ? undefined : value;
  };
  const settings: Partial<JwtOptions> = {};
  const secret = read("APIFN_JWT_SECRET");
  const jwksUrl = read("APIFN_JWKS_URL");
  const publicKey = read("APIFN_JWT_PUBLIC_KEY");
  const issuer = read("APIFN_JWT_ISSUER");
  const audience = read("APIFN_JWT_AUDIENCE");
  const cookie = read("APIFN_JWT_COOKIE");
  const teamsClaim = read("APIFN_JWT_TEAMS_CLAIM");
  const emailClaim = read("APIFN_JWT_EMAIL_CLAIM");
  if (secret !== undefined) settings.secret = secret;
  if (jwksUrl !== undefined) settings.jwksUrl = jwksUrl;
  if (publicKey !== undefined) settings.publicKey = publicKey.replaceAll("\\n", "\n");
  if (issuer !== undefined) settings.issuer = list(issuer);
  if (audience !== undefined) settings.audience = list(audience);
  if (cookie !== undefined) settings.cookie = cookie;
  if (teamsClaim !== undefined) settings.teamsClaim = teamsClaim;
  if (emailClaim !== undefined) settings.emailClaim = emailClaim;
  return settings;
}

/** Checks an `apifn.auth.jwt` section of a config file. */
function fromFile(section: unknown, where: string): Partial<JwtOptions> {
  if (section === undefined || section === null) return {};
  const fail = (why: string) => new TypeError(`Cannot read '${where}': ${why}`);
  if (!isRecord(section)) throw fail("expected a mapping");
  for (const [key, value] of Object.entries(section)) {
    if (key === "secret") {
      throw fail("a secret does not belong in a config file, set APIFN_JWT_SECRET instead");
    }
    if (!JWT_FILE_KEYS.includes(key)) {
      throw fail(`unknown key '${key}' (known: ${JWT_FILE_KEYS.join(", ")})`);
    }
    const ok = hasValidType(key, value);
    if (!ok) throw fail(`'${key}' has the wrong type`);
  }
  return section as Partial<JwtOptions>;
}

function hasValidType(key: string, value: unknown): boolean {
  const strings = Array.isArray(value) && value.every((item) => typeof item === "string");
  if (STRING_KEYS.includes(key)) return typeof value === "string";
  if (LIST_KEYS.includes(key)) return typeof value === "string" || strings;
  if (key === "algorithms") return strings;
  if (key === "clockSkewSeconds") {
    return typeof value === "number" && Number.isFinite(value) && value >= 0;
  }
  return typeof value === "string" || isRecord(value); // publicKey: PEM or JWK
}

/** Merges layers, highest precedence first: the first layer naming a key source provides it. */
function merge(layers: Partial<JwtOptions>[]): Partial<JwtOptions> {
  const merged: Record<string, unknown> = {};
  const keyed = layers.find((layer) => KEY_SOURCES.some((key) => layer[key] !== undefined));
  for (const key of KEY_SOURCES) if (keyed?.[key] !== undefined) merged[key] = keyed[key];
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer)) {
      if ((KEY_SOURCES as readonly string[]).includes(key) || value === undefined) continue;
      if (!(key in merged)) merged[key] = value;
    }
  }
  return merged as Partial<JwtOptions>;
}

/**
 * Resolves the JWT settings, per key: the `jwt` option, then the environment, then
 * `redocly.yaml`'s `apifn.auth.jwt`, then `deno.json`'s. The key (`secret`, `jwksUrl` or `publicKey`) comes
 * whole from the highest layer that names one. Returns `undefined` when no layer says anything.
 * Throws a `TypeError` for settings without a key, a secret in a config file, and unknown or
 * mistyped config keys.
 *
 * @param sources The option, the environment and the config sections.
 * @returns The options for {@linkcode jwtAuthenticator}, or `undefined`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { resolveJwtSettings } from "./jwt_settings.ts";
 *
 * const env: Record<string, string> = { APIFN_JWKS_URL: "https://idp.example/jwks", APIFN_JWT_AUDIENCE: "a,b" };
 * const settings = resolveJwtSettings({
 *   option: { issuer: "https://idp.example/" },
 *   env: (name) => env[name],
 *   denoJson: { audience: "ignored", teamsClaim: "groups" },
 * });
 * assert.deepEqual(settings, {
 *   jwksUrl: "https://idp.example/jwks",
 *   issuer: "https://idp.example/",
 *   audience: ["a", "b"],
 *   teamsClaim: "groups",
 * });
 * assert.throws(() => resolveJwtSettings({ denoJson: { secret: "x" } }), TypeError);
 * ```
 */
export function resolveJwtSettings(sources: {
  option?: JwtOptions | undefined;
  env?: (name: string) => string | undefined;
  denoJson?: unknown;
  redoclyYaml?: unknown;
}): JwtOptions | undefined {
  const layers = [
    sources.option ?? {},
    fromEnv(sources.env ?? (() => undefined)),
    fromFile(sources.redoclyYaml, "redocly.yaml apifn.auth.jwt"),
    fromFile(sources.denoJson, "deno.json apifn.auth.jwt"),
  ];
  const merged = merge(layers);
  if (Object.keys(merged).length === 0) return undefined;
  if (!KEY_SOURCES.some((key) => merged[key] !== undefined)) {
    throw new TypeError(
      "Cannot set up JWT authentication: no key, set APIFN_JWT_SECRET, APIFN_JWKS_URL or " +
        "APIFN_JWT_PUBLIC_KEY (or jwksUrl/publicKey under apifn.auth.jwt)",
    );
  }
  return merged as JwtOptions;
}
