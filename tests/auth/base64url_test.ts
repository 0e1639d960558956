import assert from "node:assert/strict";
import { decodeBase64Url, encodeBase64Url } from "../../src/auth/base64url.ts";

Deno.test("encodeBase64Url - round-trips every length, matches btoa", () => {
  for (let length = 0; length < 70; length++) {
    const bytes = crypto.getRandomValues(new Uint8Array(length));
    const text = encodeBase64Url(bytes);
    const expected = btoa(String.fromCharCode(...bytes)).replace(/=+$/, "").replaceAll("+", "-")
      .replaceAll("/", "_");
    assert.equal(text, expected);
    assert.deepEqual(decodeBase64Url(text), bytes);
  }
});

Deno.test("decodeBase64Url - rejects what no encoder produces", async (t) => {
  for (const text of ["a", "ab=", "a+b", "a/b", "a b", "ab\n", "AB", "ABD", "-_9"]) {
    await t.step(JSON.stringify(text), () => {
      assert.throws(() => decodeBase64Url(text), SyntaxError);
    });
  }
  assert.deepEqual(decodeBase64Url("AA"), new Uint8Array([0]));
  assert.deepEqual(decodeBase64Url("-_8"), new Uint8Array([251, 255]));
});
