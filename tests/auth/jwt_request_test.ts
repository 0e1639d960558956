import assert from "node:assert/strict";
import { jwtAuthenticator } from "../../src/auth/jwt.ts";
import { bearer, signToken, testKey } from "./_jwt.ts";

const now = () => 1_800_000_000_000;

Deno.test("readToken and userFromClaims - bearer header, then the named cookie; claims to user", async (t) => {
  const key = await testKey("HS256");
  const token = await signToken(key, { email: "a@x", teams: "readers  writers" });
  const authenticate = jwtAuthenticator({ secret: key.secret!, cookie: "session", now });
  await t.step("no token → null", async () => {
    assert.equal(await authenticate(new Request("http://x/")), null);
  });
  await t.step("bearer header (scheme case-insensitive)", async () => {
    const request = new Request("http://x/", { headers: { authorization: `bearer ${token}` } });
    assert.equal((await authenticate(request))?.email, "a@x");
  });
  await t.step("cookie, teams from a space-separated string", async () => {
    const request = new Request("http://x/", {
      headers: { cookie: `theme=dark; session=${token}` },
    });
    assert.deepEqual((await authenticate(request))?.teams, ["readers", "writers"]);
  });
  await t.step("a non-bearer Authorization falls back to the cookie", async () => {
    const request = new Request("http://x/", {
      headers: { authorization: "Basic YTpi", cookie: `session=${token}` },
    });
    assert.equal((await authenticate(request))?.email, "a@x");
  });
  await t.step("custom claims", async () => {
    const custom = jwtAuthenticator({
      secret: key.secret!,
      emailClaim: "upn",
      teamsClaim: "https://example.com/groups",
      now,
    });
    const user = await custom(bearer(
      await signToken(key, { upn: "b@x", "https://example.com/groups": ["g1", 7] }),
    ));
    assert.equal(user?.email, "b@x");
    assert.deepEqual(user?.teams, ["g1"]);
  });
});
