import assert from "node:assert/strict";
import { cryptoKeyKey, pemKey } from "../../src/auth/jwt_public_keys.ts";
import { pem, testKey } from "./_jwt.ts";

Deno.test("pemKey - the key type decides the algorithms", async (t) => {
  const cases: [string, string[]][] = [
    ["RS256", ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"]],
    ["PS256", ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"]],
    ["ES256", ["ES256"]],
    ["ES384", ["ES384"]],
    ["EdDSA", ["EdDSA"]],
  ];
  for (const [alg, algorithms] of cases) {
    await t.step(alg, async () => {
      const key = await testKey(alg as "RS256");
      assert.deepEqual((await pemKey(await pem(key.publicKey!))).algorithms, algorithms);
    });
  }
});

Deno.test("pemKey - refuses what is not a supported SPKI public key", async (t) => {
  const body = (await pem((await testKey("ES256")).publicKey!)).split("\n").slice(1, -2).join("\n");
  const cases: [string, string, RegExp][] = [
    [
      "a certificate",
      `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----`,
      /PUBLIC KEY/,
    ],
    [
      "PKCS#1",
      `-----BEGIN RSA PUBLIC KEY-----\n${body}\n-----END RSA PUBLIC KEY-----`,
      /PUBLIC KEY/,
    ],
    [
      "a private key",
      `-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----`,
      /PUBLIC KEY/,
    ],
    ["not base64", "-----BEGIN PUBLIC KEY-----\n@@@@\n-----END PUBLIC KEY-----", /PUBLIC KEY/],
    ["not a key", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----", /not an RSA/],
  ];
  for (const [name, text, message] of cases) {
    await t.step(name, async () => await assert.rejects(pemKey(text), message));
  }
  await t.step("an unsupported curve (P-521)", async () => {
    const pair = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-521" }, true, [
      "sign",
      "verify",
    ]).catch(() => undefined) as CryptoKeyPair | undefined;
    if (pair === undefined) return; // this runtime cannot even make one
    await assert.rejects(pemKey(await pem(pair.publicKey)), /not an RSA, EC P-256/);
  });
});

Deno.test("cryptoKeyKey - one algorithm per key; HMAC and private keys refused", async () => {
  const rs384 = await testKey("RS384");
  assert.deepEqual(cryptoKeyKey(rs384.publicKey!).algorithms, ["RS384"]);
  assert.deepEqual(cryptoKeyKey((await testKey("PS512")).publicKey!).algorithms, ["PS512"]);
  assert.throws(() => cryptoKeyKey(rs384.sign), /public CryptoKey/);
  const hmac = await crypto.subtle.importKey(
    "raw",
    new Uint8Array(32),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["verify"],
  );
  assert.throws(() => cryptoKeyKey(hmac), TypeError);
});
