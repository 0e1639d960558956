/**
 * Users, access rules and signed cookies end to end: the `apifn` CLI in a child process,
 * configured only by `deno.json`, `redocly.yaml` and the environment (no code).
 */
import assert from "node:assert/strict";
import { startServer } from "./_server.ts";
import { hs256Key, signToken } from "../auth/_jwt.ts";

const JWT_SECRET = "jwt-secret-for-the-e2e-test-0123456789";
const COOKIE_SECRET = "cookie-secret-for-the-e2e-test-0123456";
const CLI = new URL("../../src/cli/main.ts", import.meta.url).pathname;

async function project(): Promise<string> {
  const root = await Deno.makeTempDir();
  await Deno.mkdir(`${root}/@api/admin`, { recursive: true });
  const files: Record<string, string> = {
    "@api/admin/stats.get.ts":
      "export default (_r, c) => c.json({ stats: true, by: c.user.email });",
    "@api/me.ts": `export default (_r, c) =>
      c.setCookie("visits", "1", { signed: true }).json({ user: c.user, cookies: c.cookies });`,
    "@api/boom.ts": 'export default () => { throw new Error("db password is hunter2"); };',
  };
  for (const [file, source] of Object.entries(files)) {
    await Deno.writeTextFile(`${root}/${file}`, source);
  }
  await Deno.writeTextFile(
    `${root}/redocly.yaml`,
    "rbac:\n  content:\n    '@api/admin/**':\n      admins: read\n      '*': none\n",
  );
  await Deno.writeTextFile(
    `${root}/deno.json`,
    JSON.stringify({ apifn: { auth: { jwt: { audience: "api", cookie: "token" } } } }),
  );
  return root;
}

function hmacKey() {
  return hs256Key(JWT_SECRET);
}

const env = { APIFN_JWT_SECRET: JWT_SECRET, APIFN_COOKIE_SECRET: COOKIE_SECRET };

Deno.test("apifn start - JWT from env + deno.json, rbac.content from redocly.yaml, signed cookies, no leaks", async (t) => {
  const root = await project();
  const key = await hmacKey();
  const token = (claims: Record<string, unknown>) => signToken(key, { aud: "api", ...claims });
  const server = await startServer("start", ["--root", root, "--kv", ":memory:"], { env });
  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, { headers });
  try {
    const cases: [string, Record<string, string>, number][] = [
      ["anonymous → 401", {}, 401],
      ["wrong team → 403", { authorization: `Bearer ${await token({ teams: ["staff"] })}` }, 403],
      ["admins → 200", { authorization: `Bearer ${await token({ teams: ["admins"] })}` }, 200],
      ["token in the cookie", { cookie: `token=${await token({ teams: "admins" })}` }, 200],
      ["wrong audience → anonymous → 401", {
        authorization: `Bearer ${await signToken(key, { aud: "web", teams: ["admins"] })}`,
      }, 401],
      ["forged signature → 401", {
        authorization: `Bearer ${(await token({ teams: ["admins"] })).slice(0, -4)}AAAA`,
      }, 401],
    ];
    for (const [name, headers, status] of cases) {
      await t.step(name, async () => {
        const response = await get("/api/admin/stats", headers);
        assert.equal(response.status, status);
        const body = await response.json();
        if (status !== 200) assert.deepEqual(Object.keys(body).sort(), ["error", "requestId"]);
      });
    }
    await t.step("signed cookie round trip; a tampered one is absent", async () => {
      const first = await get("/api/me");
      const cookie = first.headers.get("set-cookie")!.split(";")[0]!;
      assert.match(cookie, /^visits=s:1\.[\w-]{43}$/);
      await first.body?.cancel();
      const back = await (await get("/api/me", { cookie })).json();
      assert.deepEqual(back.cookies, { visits: "1" });
      const forged = await (await get("/api/me", { cookie: cookie.replace("s:1", "s:9") })).json();
      assert.deepEqual(forged.cookies, {});
    });
    await t.step("a crash answers 500 without message or stack", async () => {
      const response = await get("/api/boom");
      assert.equal(response.status, 500);
      const text = await response.text();
      assert.deepEqual(Object.keys(JSON.parse(text)).sort(), ["error", "requestId"]);
      assert.doesNotMatch(text, /hunter2|stack|\.ts:/);
    });
    await t.step("JWT failure reasons are not logged under start", () => {
      assert.doesNotMatch(server.output(), /Invalid JWT|authenticate failed/);
    });
  } finally {
    await server.stop();
  }

  await t.step("apifn dev logs why a token was refused", async () => {
    const dev = await startServer("dev", ["--root", root, "--kv", ":memory:"], { env });
    try {
      const response = await fetch(`${dev.url}/api/me`, {
        headers: { authorization: `Bearer ${await signToken(key, { aud: "web" })}` },
      });
      assert.equal((await response.json()).user.isAuthenticated, false);
      for (let i = 0; !/authenticate failed.*audience/.test(dev.output()); i++) {
        assert.ok(i < 2000, `no log line about the token:\n${dev.output()}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    } finally {
      await dev.stop();
    }
  });

  await t.step("apifn routes shows the access rule of each route", async () => {
    const run = (args: string[]) =>
      new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", "--unstable-kv", CLI, "routes", "--root", root, ...args],
        env,
        stdout: "piped",
        stderr: "piped",
      }).output();
    const text = new TextDecoder().decode((await run([])).stdout);
    assert.match(
      text,
      /\/api\/admin\/stats\s+@api\/admin\/stats\.get\.ts\s+@api\/admin\/\*\* → admins/,
    );
    assert.match(text, /\/api\/me\s+@api\/me\.ts\s+open/);
    const json = JSON.parse(new TextDecoder().decode((await run(["--json"])).stdout));
    const stats = json.find((row: { path: string }) => row.path === "/api/admin/stats");
    assert.deepEqual(stats.access, { rule: "@api/admin/**", teams: { admins: true, "*": false } });
  });
  await Deno.remove(root, { recursive: true });
});
