import assert from "node:assert/strict";
import { cookieSecrets, createCookieSigner } from "../../src/auth/signed_cookies.ts";

const A = "a".repeat(32);
const B = "b".repeat(32);

Deno.test("createCookieSigner - signs with HMAC-SHA256 of name=value, verifies, rejects tampering", async (t) => {
  const signer = createCookieSigner([A]);
  const sent = signer.sign("sid", "ada");
  await t.step("format s:<value>.<base64url sig>", () => {
    assert.match(sent, /^s:ada\.[A-Za-z0-9_-]{43}$/);
  });
  await t.step("a matching HMAC computed with WebCrypto", async () => {
    const key = await crypto.subtle.importKey(
      "raw",
      new TextEncoder().encode(A),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["verify"],
    );
    const signature = Uint8Array.from(
      atob(sent.split(".")[1]!.replaceAll("-", "+").replaceAll("_", "/") + "="),
      (c) => c.charCodeAt(0),
    );
    assert.equal(
      await crypto.subtle.verify("HMAC", key, signature, new TextEncoder().encode("sid=ada")),
      true,
    );
  });
  const tampered: [string, string, string][] = [
    ["value changed", "sid", sent.replace("ada", "eve")],
    ["signature changed", "sid", sent.slice(0, -1) + (sent.endsWith("A") ? "B" : "A")],
    ["moved to another name", "user", sent],
    ["signature cut", "sid", sent.slice(0, -2)],
    ["signed by another secret", "sid", createCookieSigner([B]).sign("sid", "ada")],
    ["no signature", "sid", "s:ada"],
  ];
  for (const [name, cookie, value] of tampered) {
    await t.step(name, () => {
      assert.equal(signer.unsign(cookie, value), undefined);
      assert.deepEqual(signer.verifyAll({ [cookie]: value, other: "1" }), { other: "1" });
    });
  }
  await t.step("values with dots and the s: prefix inside round-trip", () => {
    for (const value of ["a.b.c", "s:x.y", "", "eyJhbGciOi.x.y"]) {
      assert.equal(signer.unsign("v", signer.sign("v", value)), value);
    }
  });
});

Deno.test("createCookieSigner - key rotation: sign with the first, verify with any", () => {
  const before = createCookieSigner([A]);
  const after = createCookieSigner([B, A]);
  assert.equal(after.unsign("sid", before.sign("sid", "x")), "x");
  assert.equal(after.unsign("sid", after.sign("sid", "y")), "y");
  assert.equal(before.unsign("sid", after.sign("sid", "y")), undefined);
});

Deno.test("createCookieSigner - verifyAll keeps plain cookies unless the name must be signed", () => {
  const signer = createCookieSigner([A], { required: ["sid"] });
  const cookies = { theme: "dark", sid: "forged" };
  assert.deepEqual(signer.verifyAll(cookies), { theme: "dark" });
  const plain = { theme: "dark" };
  assert.equal(createCookieSigner([A]).verifyAll(plain), plain); // unchanged: same object
  const withProto = JSON.parse('{"__proto__":"s:x.bad"}');
  assert.deepEqual(Object.keys(signer.verifyAll(withProto)), []);
});

Deno.test("cookieSecrets - option, then APIFN_COOKIE_SECRET; length and type checked", async (t) => {
  const env = (value: string | undefined) => (name: string) =>
    name === "APIFN_COOKIE_SECRET" ? value : undefined;
  const cases: [string, string | string[] | undefined, string | undefined, unknown][] = [
    ["option string", A, B, [A]],
    ["option list", [B, A], undefined, [B, A]],
    ["env", undefined, ` ${A} , ${B} ,`, [A, B]],
    ["none", undefined, undefined, undefined],
    ["blank env", undefined, "  ", undefined],
  ];
  for (const [name, option, value, expected] of cases) {
    await t.step(name, () => assert.deepEqual(cookieSecrets(option, env(value)), expected));
  }
  await t.step("short secret", () => {
    assert.throws(() => cookieSecrets("x".repeat(31), env(undefined)), RangeError);
    assert.throws(() => cookieSecrets(undefined, env(`${A},short`)), /secret 2/);
  });
  await t.step("empty list or non-strings", () => {
    assert.throws(() => cookieSecrets([], env(undefined)), TypeError);
    assert.throws(() => cookieSecrets([1 as never], env(undefined)), TypeError);
  });
});
