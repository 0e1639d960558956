import assert from "node:assert/strict";
import { type AppOptions, createApp } from "../../src/app.ts";
import { readDenoJsonApifn, setupAuth } from "../../src/auth/setup.ts";
import { createMemoryFs } from "../../src/routing/fs.ts";
import { bearer, signToken, testKey } from "./_jwt.ts";

const SECRET = "0123456789abcdef0123456789abcdef";

Deno.test("setupAuth - JWT from the environment, the config files, or nothing", async (t) => {
  const key = await testKey("HS256");
  const token = await signToken(key, { email: "env@x", aud: "api" });
  const base = { config: {}, dev: false, warn() {} };
  await t.step("APIFN_JWT_SECRET", async () => {
    const env = (n: string) => n === "APIFN_JWT_SECRET" ? SECRET : undefined;
    const auth = await setupAuth({}, { ...base, env });
    const hs = await signToken({ alg: "HS256", sign: await hmac(SECRET) }, { email: "env@x" });
    assert.equal((await auth.user(bearer(hs))).email, "env@x");
  });
  await t.step("apifn.auth.jwt in redocly.yaml with the secret from env", async () => {
    const env = (n: string) => n === "APIFN_JWT_SECRET" ? SECRET : undefined;
    const config = { apifn: { auth: { jwt: { audience: "other" } } } };
    const auth = await setupAuth({}, { ...base, config, env });
    const hs = await signToken({ alg: "HS256", sign: await hmac(SECRET) }, { aud: "api" });
    assert.equal((await auth.user(bearer(hs))).isAuthenticated, false);
  });
  await t.step("nothing configured: anonymous, bearer tokens ignored", async () => {
    const auth = await setupAuth({}, { ...base, env: () => undefined });
    assert.equal((await auth.user(bearer(token))).isAuthenticated, false);
  });
  await t.step("a URL rule that looks like a file path warns", async () => {
    const warnings: string[] = [];
    await setupAuth({ access: { "/@api/x.ts": { a: "read" } } }, {
      ...base,
      warn: (m) => warnings.push(m),
      env: () => undefined,
    });
    assert.match(warnings[0]!, /write '@api\/x.ts'/);
  });
});

Deno.test("createApp - invalid auth settings stop startup", async (t) => {
  const cases: [string, AppOptions, RegExp | typeof Error][] = [
    ["authenticate and jwt", { authenticate: () => null, jwt: { secret: SECRET } }, /either/],
    ["short JWT secret", { jwt: { secret: "short" } }, RangeError],
    ["short cookie secret", { cookieSecret: "short" }, RangeError],
    ["signedCookies without a secret", { signedCookies: ["sid"] }, /no cookie secret/],
    ["malformed rule", { access: { "**": { a: 3 as never } } }, TypeError],
    ["bad JSON depth", { limits: { maxJsonDepth: 0 } }, RangeError],
  ];
  for (const [name, options, error] of cases) {
    await t.step(name, async () => {
      await assert.rejects(
        createApp({ root: "/project", fs: createMemoryFs({}), kv: ":memory:", ...options }),
        error,
      );
    });
  }
});

function hmac(secret: string) {
  return crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
}

Deno.test("readDenoJsonApifn - reads the apifn section of deno.json(c); missing files are skipped", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/deno.jsonc`, '// c\n{ "apifn": { "auth": { "jwt": {} } }, }');
    assert.deepEqual(await readDenoJsonApifn([`${dir}/redocly.yaml`, `${dir}/deno.jsonc`]), {
      auth: { jwt: {} },
    });
    assert.equal(await readDenoJsonApifn([`${dir}/gone/deno.json`]), undefined);
    assert.equal(await readDenoJsonApifn([`${dir}/redocly.yaml`]), undefined);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
