/**
 * Issue 17, why 8: `setCookie(…, { signed: true })` threw unless the user found
 * `APIFN_COOKIE_SECRET`; on Redocly it just works.
 */
import assert from "node:assert/strict";
import { createApp } from "../../src/app.ts";

const LOGIN = `export default function login(request, context) {
  context.setCookie("session", "ada", { signed: true, maxAge: 3_600_000 });
  return context.json({ ok: true });
}
`;
const ME =
  `export default (request, context) => context.json({ session: context.cookies.session ?? null });
`;

async function project(): Promise<string> {
  const root = await Deno.makeTempDir({ prefix: "apifn_signed_" });
  await Deno.mkdir(`${root}/@api`);
  await Deno.writeTextFile(`${root}/@api/login.post.ts`, LOGIN);
  await Deno.writeTextFile(`${root}/@api/me.get.ts`, ME);
  return root;
}

async function withoutSecretVariable(run: () => Promise<void>): Promise<void> {
  const saved = Deno.env.get("APIFN_COOKIE_SECRET");
  Deno.env.delete("APIFN_COOKIE_SECRET");
  try {
    await run();
  } finally {
    if (saved !== undefined) Deno.env.set("APIFN_COOKIE_SECRET", saved);
  }
}

async function session(root: string, dev: boolean) {
  const warnings: string[] = [];
  const errors: string[] = [];
  const app = await createApp({
    root,
    dev,
    kv: ":memory:",
    logger: { warn: (m) => warnings.push(m), error: (m) => errors.push(m) },
  });
  const login = await app.fetch(new Request("http://localhost/api/login", { method: "POST" }));
  const cookie = login.headers.get("set-cookie")?.split(";")[0];
  const me = (header: string) =>
    app.fetch(new Request("http://localhost/api/me", { headers: { cookie: header } }))
      .then((r) => r.json());
  return { app, login, cookie, me, warnings, errors };
}

Deno.test("signed cookies - work in dev without setup; the secret is kept across restarts", () =>
  withoutSecretVariable(async () => {
    const root = await project();
    try {
      const first = await session(root, true);
      assert.equal(first.login.status, 200);
      assert.match(first.cookie!, /^session=s:ada\.[\w-]{43}$/);
      assert.deepEqual(await first.me(first.cookie!), { session: "ada" });
      assert.deepEqual(await first.me(first.cookie!.replace(":ada", ":eve")), { session: null });
      await first.app.close();
      const secret = await Deno.readTextFile(`${root}/.apifn/cookie-secret`);
      assert.equal(await Deno.readTextFile(`${root}/.apifn/.gitignore`), "*\n");

      const second = await session(root, true); // a restart
      assert.deepEqual(await second.me(first.cookie!), { session: "ada" });
      assert.equal(second.cookie, first.cookie);
      assert.equal(await Deno.readTextFile(`${root}/.apifn/cookie-secret`), secret);
      await second.app.close();
    } finally {
      await Deno.remove(root, { recursive: true });
    }
  }));

Deno.test("signed cookies - under start without a secret: a startup warning and a 500 naming the setting", () =>
  withoutSecretVariable(async () => {
    const root = await project();
    try {
      const { app, login, warnings, errors } = await session(root, false);
      assert.deepEqual(warnings, [
        "'@api/login.post.ts' sets signed cookies, but there is no cookie secret: they answer " +
        "500 until APIFN_COOKIE_SECRET (at least 32 bytes) or the cookieSecret option is set",
      ]);
      assert.equal(login.status, 500);
      assert.equal(login.headers.get("set-cookie"), null);
      const body = await login.json();
      assert.equal(
        body.error,
        "Cannot set cookie 'session': signed cookies need a cookie secret " +
          "(set APIFN_COOKIE_SECRET, at least 32 bytes, or the cookieSecret option)",
      );
      assert.equal(errors.length, 1);
      await assert.rejects(Deno.stat(`${root}/.apifn/cookie-secret`), Deno.errors.NotFound);
      await app.close();
    } finally {
      await Deno.remove(root, { recursive: true });
    }
  }));

Deno.test("signed cookies - a configured secret wins over the dev secret", () =>
  withoutSecretVariable(async () => {
    const root = await project();
    try {
      const secret = "configured-secret-0123456789abcdef";
      const app = await createApp({ root, dev: true, kv: ":memory:", cookieSecret: secret });
      const login = await app.fetch(new Request("http://localhost/api/login", { method: "POST" }));
      assert.match(login.headers.get("set-cookie")!, /^session=s:ada\./);
      await assert.rejects(Deno.stat(`${root}/.apifn`), Deno.errors.NotFound);
      await app.close();
    } finally {
      await Deno.remove(root, { recursive: true });
    }
  }));
