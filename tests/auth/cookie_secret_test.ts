import assert from "node:assert/strict";
import {
  devCookieSecret,
  findSignedCookieUse,
  lazyCookieSigner,
  missingCookieSecret,
} from "../../src/auth/cookie_secret.ts";
import { HttpError } from "../../src/http/errors.ts";

async function withRoot(check: (root: string) => Promise<void> | void): Promise<void> {
  const root = await Deno.makeTempDir({ prefix: "apifn_secret_" });
  try {
    await check(root);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

Deno.test("devCookieSecret - generated once, kept private and out of git", async (t) => {
  await t.step(
    "created on first use: 32 random bytes, mode 0600, .apifn/ ignored",
    () =>
      withRoot(async (root) => {
        const secret = devCookieSecret(root);
        assert.match(secret, /^[\w-]{43}$/);
        assert.equal((await Deno.readTextFile(`${root}/.apifn/cookie-secret`)).trim(), secret);
        if (Deno.build.os !== "windows") {
          assert.equal((await Deno.stat(`${root}/.apifn/cookie-secret`)).mode! & 0o777, 0o600);
        }
        assert.equal(await Deno.readTextFile(`${root}/.apifn/.gitignore`), "*\n");
        assert.equal(devCookieSecret(root), secret);
        assert.deepEqual(
          [...Deno.readDirSync(`${root}/.apifn`)].map((e) => e.name).sort(),
          [".gitignore", "cookie-secret"],
        );
      }),
  );
  await t.step(
    "different projects get different secrets",
    () => withRoot((a) => withRoot((b) => assert.notEqual(devCookieSecret(a), devCookieSecret(b)))),
  );
  await t.step(
    "an existing file is used; an existing .gitignore is kept",
    () =>
      withRoot(async (root) => {
        await Deno.mkdir(`${root}/.apifn`);
        await Deno.writeTextFile(`${root}/.apifn/.gitignore`, "kv.sqlite3\n");
        await Deno.writeTextFile(`${root}/.apifn/cookie-secret`, `${"x".repeat(40)}\n`);
        assert.equal(devCookieSecret(root), "x".repeat(40));
        assert.equal(await Deno.readTextFile(`${root}/.apifn/.gitignore`), "kv.sqlite3\n");
      }),
  );
  await t.step("a short file is a RangeError naming it", () =>
    withRoot(async (root) => {
      await Deno.mkdir(`${root}/.apifn`);
      await Deno.writeTextFile(`${root}/.apifn/cookie-secret`, "short\n");
      assert.throws(() => devCookieSecret(root), {
        name: "RangeError",
        message:
          `Cannot use cookie secret file '${root}/.apifn/cookie-secret': it has 5 bytes, at least 32 are needed`,
      });
    }));
});

Deno.test("lazyCookieSigner - loads its secret only when a signed cookie is written or read", async (t) => {
  let loads = 0;
  const signer = lazyCookieSigner(() => (loads++, ["k".repeat(32)]), { required: ["sid"] });
  await t.step("plain cookies need no secret", () => {
    const cookies = { theme: "dark" };
    assert.equal(signer.verifyAll(cookies), cookies);
    assert.equal(loads, 0);
  });
  await t.step("a required name loads it (and is dropped unsigned)", () => {
    assert.deepEqual(signer.verifyAll({ sid: "eve" }), {});
    assert.equal(loads, 1);
  });
  await t.step("loaded once", () => {
    const sent = signer.sign("sid", "ada");
    assert.deepEqual(signer.verifyAll({ sid: sent }), { sid: "ada" });
    assert.equal(signer.unsign("sid", sent), "ada");
    assert.equal(loads, 1);
  });
});

Deno.test("missingCookieSecret - signing is a 500 naming the setting; reading changes nothing", () => {
  const signer = missingCookieSecret();
  const cookies = { sid: "s:ada.x" };
  assert.equal(signer.verifyAll(cookies), cookies);
  assert.equal(signer.unsign("sid", "s:ada.x"), undefined);
  assert.throws(() => signer.sign("sid", "ada"), (error: unknown) => {
    assert.ok(error instanceof HttpError);
    assert.equal(error.status, 500);
    assert.equal(error.expose, true);
    assert.equal(
      error.message,
      "Cannot set cookie 'sid': signed cookies need a cookie secret " +
        "(set APIFN_COOKIE_SECRET, at least 32 bytes, or the cookieSecret option)",
    );
    return true;
  });
});

Deno.test("findSignedCookieUse - files whose source sets signed: true", () =>
  withRoot(async (root) => {
    const files: Record<string, string> = {
      "a.ts": "c.setCookie('sid', id, { signed: true, maxAge: 1 })",
      "b.ts": "c.setCookie('sid', id, {signed:true})",
      "c.ts": "c.setCookie('sid', id, { signed: false })",
      "d.ts": "const unsigned = true;",
    };
    for (const [name, text] of Object.entries(files)) {
      await Deno.writeTextFile(`${root}/${name}`, text);
    }
    assert.deepEqual(
      await findSignedCookieUse(root, ["a.ts", "b.ts", "c.ts", "d.ts", "a.ts", "missing.ts"]),
      ["a.ts", "b.ts"],
    );
  }));
