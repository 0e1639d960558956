/**
 * Issue 17, why 9: Redocly's docs list `context.user.idpIdToken`; apifn had only `idpId`.
 */
import assert from "node:assert/strict";
import { type AppOptions, createApp } from "../../src/app.ts";
import { createMemoryFs } from "../../src/routing/fs.ts";
import type { ApiFunctionsContext } from "../../src/types.ts";
import { quiet } from "../_app.ts";
import { bearer, signToken, testKey } from "./_jwt.ts";

// Shaped like Redocly's example: the function forwards the user's ID token to a backend.
function profile(_request: Request, context: ApiFunctionsContext): Response {
  const { idpId, idpIdToken } = context.user;
  const forwarded = idpIdToken === undefined ? null : `Bearer ${idpIdToken}`;
  return context.json({ idpId: idpId ?? null, authorization: forwarded });
}

async function call(options: AppOptions, request: Request) {
  const app = await createApp({
    root: "/project",
    fs: createMemoryFs({ "@api/profile.get.ts": { default: profile } }),
    kv: ":memory:",
    logger: quiet,
    ...options,
  });
  try {
    return await (await app.fetch(request)).json();
  } finally {
    await app.close();
  }
}

Deno.test("context.user.idpIdToken - present alongside idpId", async (t) => {
  const url = "http://localhost/api/profile";
  await t.step("a JWT-authenticated request: the raw token, beside idpId = iss", async () => {
    const key = await testKey("HS256");
    const token = await signToken(key, { iss: "https://idp.example/", email: "ada@x" });
    assert.deepEqual(await call({ jwt: { secret: key.secret! } }, bearer(token, url)), {
      idpId: "https://idp.example/",
      authorization: `Bearer ${token}`,
    });
  });
  await t.step("a custom authenticate: what it returns, when a string", async () => {
    const authenticate = () => ({ idpId: "okta", idpIdToken: "eyJ.id.token" });
    assert.deepEqual(await call({ authenticate }, new Request(url)), {
      idpId: "okta",
      authorization: "Bearer eyJ.id.token",
    });
    const wrong = () => ({ idpId: "okta", idpIdToken: 42 as unknown as string });
    assert.deepEqual(await call({ authenticate: wrong }, new Request(url)), {
      idpId: "okta",
      authorization: null,
    });
  });
  await t.step("anonymous: undefined", async () => {
    assert.deepEqual(await call({}, new Request(url)), { idpId: null, authorization: null });
  });
});
