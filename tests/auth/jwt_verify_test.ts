import assert from "node:assert/strict";
import { encodeBase64Url } from "../../src/auth/base64url.ts";
import { jwtAuthenticator } from "../../src/auth/jwt.ts";
import { bearer, rawToken, signToken, testKey } from "./_jwt.ts";

const NOW = 1_800_000_000_000;
const now = () => NOW;
const claims = { sub: "u1", exp: NOW / 1000 + 60 };

Deno.test("verifyJwt - malformed tokens reject (through jwtAuthenticator), never throw synchronously", async (t) => {
  const key = await testKey("HS256");
  const authenticate = jwtAuthenticator({ secret: key.secret!, now });
  const good = await signToken(key, claims);
  const [h, p] = good.split(".") as [string, string];
  const tokens: [string, string][] = [
    ["garbage", "garbage"],
    ["two parts", `${h}.${p}`],
    ["four parts", `${good}.x`],
    ["huge", `${h}.${"a".repeat(20_000)}.x`],
    ["header not JSON", `${encodeBase64Url(new TextEncoder().encode("{"))}.${p}.x`],
    ["header an array", rawToken(["HS256"], claims, "x")],
    ["bad base64 signature", `${h}.${p}.***`],
    ["payload not an object", rawToken({ alg: "HS256" }, 42, good.split(".")[2])],
    ["kid not a string", rawToken({ alg: "HS256", kid: 1 }, claims, "x")],
    ["alg unknown", rawToken({ alg: "HS1" }, claims, "x")],
    ["alg toString", rawToken({ alg: "toString" }, claims, "x")],
  ];
  for (const [name, token] of tokens) {
    await t.step(name, async () => {
      let promise: Promise<unknown> | undefined;
      assert.doesNotThrow(() => promise = authenticate(bearer(token)));
      await assert.rejects(promise!, /Invalid JWT/);
    });
  }
});
