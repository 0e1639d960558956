import assert from "node:assert/strict";
import { type AppOptions, createApp } from "../../src/app.ts";
import { createMemoryFs } from "../../src/routing/fs.ts";
import { bearer, signToken, testKey } from "./_jwt.ts";
import { fn, quiet } from "../_app.ts";

const SECRET = "0123456789abcdef0123456789abcdef";

/** An app over a memory fs whose `load` counts the modules imported. */
async function countingApp(files: Record<string, unknown>, options: AppOptions = {}) {
  const fs = createMemoryFs(files);
  const loaded: string[] = [];
  const load = (path: string) => {
    loaded.push(path.replace("/project/", ""));
    return fs.load(path);
  };
  const app = await createApp({
    root: "/project",
    fs: { ...fs, load },
    kv: ":memory:",
    logger: quiet,
    preload: false,
    ...options,
  });
  return { app, loaded };
}

function get(app: { fetch(r: Request): Promise<Response> }, path: string, init?: RequestInit) {
  return app.fetch(new Request(`http://localhost${path}`, init));
}

const users: Record<string, { email: string; teams: string[] }> = {
  "Bearer admin": { email: "root@x", teams: ["admins"] },
  "Bearer staff": { email: "staff@x", teams: ["staff"] },
};
const authenticate = (request: Request) =>
  users[request.headers.get("authorization") ?? ""] ?? null;

Deno.test("createApp - access rules answer 401/403 before the function is imported", async (t) => {
  const { app, loaded } = await countingApp({
    "@api/admin/users.get.ts": fn((_r, c) => c.json({ users: [], by: c.user.email })),
    "@api/hello.ts": fn((_r, c) => c.json({ hello: c.user.teams })),
  }, { authenticate, access: { "@api/admin/**": { admins: "read" } } });
  const cases: [string, string, number, unknown][] = [
    ["anonymous → 401", "", 401, { error: "Unauthorized" }],
    ["authenticated, wrong team → 403", "Bearer staff", 403, { error: "Forbidden" }],
  ];
  for (const [name, authorization, status, body] of cases) {
    await t.step(name, async () => {
      const response = await get(app, "/api/admin/users", { headers: { authorization } });
      assert.equal(response.status, status);
      assert.equal(response.headers.get("content-type"), "application/json; charset=utf-8");
      const json = await response.json();
      assert.deepEqual({ error: json.error }, body);
      assert.equal(typeof json.requestId, "string");
      assert.deepEqual(loaded, [], "the module was never imported");
    });
  }
  await t.step("HEAD is checked too", async () => {
    assert.equal((await get(app, "/api/admin/users", { method: "HEAD" })).status, 401);
    assert.deepEqual(loaded, []);
  });
  await t.step("admins get in; the module is imported once", async () => {
    const response = await get(app, "/api/admin/users", {
      headers: { authorization: "Bearer admin" },
    });
    assert.deepEqual(await response.json(), { users: [], by: "root@x" });
    assert.deepEqual(loaded, ["@api/admin/users.get.ts"]);
  });
  await t.step("a route without a rule is open", async () => {
    assert.deepEqual(await (await get(app, "/api/hello")).json(), { hello: ["anonymous"] });
  });
  await t.step("dot segments are resolved before the check", async () => {
    assert.equal((await get(app, "/api/hello/../admin/users")).status, 401);
    assert.equal((await get(app, "/api/%2e%2e/api/admin/users")).status, 401);
    assert.equal((await get(app, "/api/x/..\\admin\\users")).status, 401);
  });
  await t.step("app.routes shows each route's rule", () => {
    assert.deepEqual(app.routes.map((r) => [r.path, r.access?.rule]), [
      ["/api/admin/users", "@api/admin/**"],
      ["/api/hello", undefined],
    ]);
  });
  await app.close();
});

Deno.test("createApp - rbac.content of the config, a default rule and URL rules", async () => {
  const { app, loaded } = await countingApp({
    "@api/reports/[id].get.ts": fn((_r, c) => c.json({ id: c.params.id })),
    "@api/health.get.ts": fn((_r, c) => c.json({ ok: true })),
  }, {
    authenticate,
    config: {
      rbac: {
        content: {
          "**": { authenticated: "read" },
          "/api/health": { "*": "read" },
          "/api/reports/secret": { admins: "read", "*": "none" },
        },
      },
    },
  });
  const status = async (path: string, authorization = "") =>
    (await get(app, path, { headers: { authorization } })).status;
  assert.equal(await status("/api/health"), 200);
  assert.equal(await status("/api/reports/q1"), 401);
  assert.equal(await status("/api/reports/q1", "Bearer staff"), 200);
  assert.equal(await status("/api/reports/secret", "Bearer staff"), 403);
  assert.equal(await status("/api/reports/%73ecret", "Bearer staff"), 403);
  assert.equal(await status("/api/reports/secret/", "Bearer staff"), 403);
  assert.equal(await status("/api/reports/secret", "Bearer admin"), 200);
  assert.equal(loaded.length, 2);
  await app.close();
});

Deno.test("createApp - a throwing authenticate makes the request anonymous, never a 500", async (t) => {
  for (const dev of [false, true]) {
    await t.step(dev ? "dev: reason logged" : "production: nothing logged", async () => {
      const warnings: string[] = [];
      const { app } = await countingApp({
        "@api/me.ts": fn((_r, c) => c.json({ authenticated: c.user.isAuthenticated })),
        "@api/private.ts": fn((_r, c) => c.json({})),
      }, {
        dev,
        logger: { warn: (m) => warnings.push(m), error() {} },
        authenticate: () => {
          throw new Error("IdP unreachable");
        },
        access: { "@api/private.ts": { authenticated: "read" } },
      });
      const me = await get(app, "/api/me");
      assert.equal(me.status, 200);
      assert.deepEqual(await me.json(), { authenticated: false });
      assert.equal((await get(app, "/api/private")).status, 401);
      assert.equal(warnings.some((w) => w.includes("IdP unreachable")), dev);
      await app.close();
    });
  }
});

Deno.test("createApp - jwt option: bearer tokens become context.user", async () => {
  const key = await testKey("HS256");
  const token = await signToken(key, { email: "ada@x", teams: ["admins"] });
  const { app } = await countingApp({
    "@api/admin/me.ts": fn((_r, c) => c.json(c.user)),
  }, { jwt: { secret: key.secret! }, access: { "@api/admin/**": { admins: true } } });
  const me = await (await app.fetch(bearer(token, "http://localhost/api/admin/me"))).json();
  assert.deepEqual(me, {
    email: "ada@x",
    teams: ["admins", "authenticated"],
    claims: { email: "ada@x", teams: ["admins"] },
    idpAccessToken: token,
    idpIdToken: token,
    isAuthenticated: true,
  });
  const forged = token.slice(0, -3) + "AAA";
  assert.equal((await app.fetch(bearer(forged, "http://localhost/api/admin/me"))).status, 401);
  await app.close();
});

Deno.test("createApp - signed cookies: signed on the way out, verified on the way in", async (t) => {
  const handlers = {
    "@api/login.post.ts": fn((_r, c) => c.setCookie("sid", "ada", { signed: true }).json({})),
    "@api/me.ts": fn((_r, c) => c.json({ cookies: c.cookies })),
  };
  const { app } = await countingApp(handlers, { cookieSecret: [SECRET], signedCookies: ["sid"] });
  const login = await get(app, "/api/login", { method: "POST" });
  const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
  await t.step("the cookie carries a signature", () => {
    assert.match(cookie, /^sid=s:ada\.[\w-]{43}$/);
  });
  const cookies = async (header: string) =>
    (await (await get(app, "/api/me", { headers: { cookie: header } })).json()).cookies;
  await t.step("a valid signature: the bare value", async () => {
    assert.deepEqual(await cookies(`${cookie}; theme=dark`), { sid: "ada", theme: "dark" });
  });
  await t.step("tampered: absent", async () => {
    assert.deepEqual(await cookies(`${cookie.replace("ada", "eve")}; theme=dark`), {
      theme: "dark",
    });
  });
  await t.step("unsigned value for a name that must be signed: absent", async () => {
    assert.deepEqual(await cookies("sid=eve; theme=dark"), { theme: "dark" });
  });
  await t.step("rotation: a new first secret still accepts the old signature", async () => {
    const rotated = await countingApp(handlers, { cookieSecret: ["n".repeat(32), SECRET] });
    const response = await get(rotated.app, "/api/me", { headers: { cookie } });
    assert.deepEqual((await response.json()).cookies, { sid: "ada" });
    await rotated.app.close();
  });
  await t.step("no secret: signed: true fails (500), never an unsigned cookie", async () => {
    const plain = await countingApp(handlers);
    const response = await get(plain.app, "/api/login", { method: "POST" });
    assert.equal(response.status, 500);
    assert.equal(response.headers.get("set-cookie"), null);
    await plain.app.close();
  });
  await app.close();
});
