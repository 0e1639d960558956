import assert from "node:assert/strict";
import { resolveJwtSettings } from "../../src/auth/jwt_settings.ts";

const SECRET = "s".repeat(32);

function envOf(values: Record<string, string>) {
  return (name: string) => values[name];
}

Deno.test("resolveJwtSettings - precedence: option > env > redocly.yaml > deno.json, key by key", async (t) => {
  const cases: [string, Parameters<typeof resolveJwtSettings>[0], unknown][] = [
    ["nothing anywhere", {}, undefined],
    ["env only", {
      env: envOf({
        APIFN_JWT_SECRET: SECRET,
        APIFN_JWT_ISSUER: "https://a/",
        APIFN_JWT_AUDIENCE: "x, y",
        APIFN_JWT_COOKIE: "session",
        APIFN_JWT_TEAMS_CLAIM: "groups",
        APIFN_JWT_EMAIL_CLAIM: "upn",
      }),
    }, {
      secret: SECRET,
      issuer: "https://a/",
      audience: ["x", "y"],
      cookie: "session",
      teamsClaim: "groups",
      emailClaim: "upn",
    }],
    ["config file only", {
      redoclyYaml: { jwksUrl: "https://idp/jwks", audience: ["api"], clockSkewSeconds: 5 },
    }, { jwksUrl: "https://idp/jwks", audience: ["api"], clockSkewSeconds: 5 }],
    ["env key beats the config file's key, other keys merge", {
      env: envOf({ APIFN_JWT_SECRET: SECRET }),
      denoJson: { jwksUrl: "https://idp/jwks", issuer: "https://idp/" },
    }, { secret: SECRET, issuer: "https://idp/" }],
    ["option beats env beats files per key", {
      option: { audience: "opt" },
      env: envOf({ APIFN_JWKS_URL: "https://env/jwks", APIFN_JWT_AUDIENCE: "env" }),
      denoJson: { audience: "deno", issuer: "https://deno/", cookie: "token" },
      redoclyYaml: { issuer: "https://yaml/", teamsClaim: "roles" },
    }, {
      jwksUrl: "https://env/jwks",
      audience: "opt",
      issuer: "https://yaml/",
      teamsClaim: "roles",
      cookie: "token",
    }],
    ["option key wins whole", {
      option: { publicKey: "PEM" },
      env: envOf({ APIFN_JWT_SECRET: SECRET, APIFN_JWKS_URL: "https://env/jwks" }),
    }, { publicKey: "PEM" }],
    ["a PEM in env may use \\n escapes", {
      env: envOf({ APIFN_JWT_PUBLIC_KEY: "-----BEGIN PUBLIC KEY-----\\nAAA\\n-----END" }),
    }, { publicKey: "-----BEGIN PUBLIC KEY-----\nAAA\n-----END" }],
  ];
  for (const [name, sources, expected] of cases) {
    await t.step(name, () => assert.deepEqual(resolveJwtSettings(sources), expected));
  }
});

Deno.test("resolveJwtSettings - config file mistakes throw a TypeError", async (t) => {
  const cases: [string, Parameters<typeof resolveJwtSettings>[0], RegExp][] = [
    ["a secret in a file", { denoJson: { secret: SECRET } }, /APIFN_JWT_SECRET/],
    ["unknown key", { redoclyYaml: { jwks: "x", jwksUrl: "https://a/" } }, /unknown key 'jwks'/],
    ["wrong type", { redoclyYaml: { jwksUrl: 42 } }, /'jwksUrl' has the wrong type/],
    ["negative skew", { denoJson: { jwksUrl: "https://a/", clockSkewSeconds: -1 } }, /clockSkew/],
    ["not a mapping", { denoJson: "x" }, /expected a mapping/],
    ["settings without a key", { env: envOf({ APIFN_JWT_ISSUER: "https://a/" }) }, /no key/],
  ];
  for (const [name, sources, message] of cases) {
    await t.step(name, () => assert.throws(() => resolveJwtSettings(sources), message));
  }
});
