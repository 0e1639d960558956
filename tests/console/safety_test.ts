import assert from "node:assert/strict";
import { consoleFor } from "../../src/console/serve_console.ts";
import { SECURITY_HEADERS, TOKEN_HEADER } from "../../src/console/guard.ts";
import { serve } from "../../src/server/serve.ts";
import { json, startConsole } from "./_console.ts";

const FILES = { "@api/ping.get.ts": "export default () => new Response('pong');" };

Deno.test("console - every answer carries a strict CSP, and /_apifn redirects", async (t) => {
  const c = await startConsole(FILES);
  try {
    const paths = [
      ["/_apifn/", 200, "text/html; charset=utf-8"],
      ["/_apifn/console/app.js", 200, "text/javascript; charset=utf-8"],
      ["/_apifn/console/app.css", 200, "text/css; charset=utf-8"],
      ["/_apifn/console/api/routes", 200, "application/json"],
      ["/_apifn/console/nope", 404, "application/json; charset=utf-8"],
      ["/_apifn", 308, null],
    ] as const;
    for (const [path, status, type] of paths) {
      await t.step(`${path} → ${status}`, async () => {
        const response = await fetch(`${c.url}${path}`, { redirect: "manual" });
        await response.body?.cancel();
        assert.equal(response.status, status);
        assert.equal(response.headers.get("content-type"), type);
        for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
          assert.equal(response.headers.get(name), value, name);
        }
      });
    }
    await t.step("the page has no inline script or style", async () => {
      const html = await (await fetch(`${c.url}/_apifn/`)).text();
      assert.doesNotMatch(html, /<script>|<style|style="/);
      assert.match(SECURITY_HEADERS["content-security-policy"]!, /default-src 'none'/);
    });
  } finally {
    await c.close();
  }
});

Deno.test("console - loopback peers and loopback host names only (403)", async (t) => {
  const devConsole = consoleFor({}, true)!;
  const handler = devConsole.wrap(() => new Response("app"));
  const info = (hostname: string) =>
    ({ remoteAddr: { transport: "tcp", hostname, port: 1 } }) as Deno.ServeHandlerInfo;
  const cases: [string, string, string, number][] = [
    ["a LAN peer", "http://localhost:8000/_apifn/console/api/routes", "192.168.1.9", 403],
    ["a public peer over IPv6", "http://localhost:8000/_apifn/", "2001:db8::1", 403],
    ["a rebinding host name", "http://attacker.example:8000/_apifn/", "127.0.0.1", 403],
  ];
  for (const [name, url, peer, status] of cases) {
    await t.step(`${name} → ${status}`, async () => {
      const response = await handler(new Request(url), info(peer));
      assert.equal(response.status, status);
      assert.ok(response.headers.get("content-security-policy"));
      assert.match((await response.json()).error, /loopback/);
    });
  }
  await t.step("user routes are not the console's business", async () => {
    const response = await handler(new Request("http://x.example/api/a"), info("10.0.0.1"));
    assert.equal(await response.text(), "app");
  });
  devConsole.close();
});

Deno.test("console - a change needs the page's origin and its per-process token", async (t) => {
  const c = await startConsole(FILES);
  const body = JSON.stringify({ key: ["k"], value: 1 });
  const cases: [string, Record<string, string>, number][] = [
    ["neither", {}, 403],
    ["token, no origin (curl, another tool)", { [TOKEN_HEADER]: c.token }, 403],
    ["origin, no token", { origin: c.origin }, 403],
    ["another site's origin", { origin: "https://evil.example", [TOKEN_HEADER]: c.token }, 403],
    ["a wrong token", { origin: c.origin, [TOKEN_HEADER]: "x" + c.token }, 403],
    ["origin and token", { origin: c.origin, [TOKEN_HEADER]: c.token }, 200],
  ];
  try {
    for (const [name, headers, status] of cases) {
      await t.step(`${name} → ${status}`, async () => {
        await json(c.api("kv/entry", { method: "PUT", body, headers, bare: true }), status);
        const kv = await c.server.app.getKv();
        assert.equal(await kv.get(["k"]), status === 200 ? 1 : null);
      });
    }
    await t.step("another console has another token", async () => {
      const other = await startConsole(FILES);
      assert.notEqual(other.token, c.token);
      assert.equal(other.token.length, 32);
      await other.close();
    });
  } finally {
    await c.close();
  }
});

Deno.test("console - absent under serve unless asked for, and then behind a secret", async (t) => {
  const root = await Deno.makeTempDir();
  await Deno.mkdir(`${root}/@api`);
  await Deno.writeTextFile(`${root}/@api/a.get.ts`, "export default () => new Response('a');");
  const base = { root, port: 0, hostname: "127.0.0.1", kv: ":memory:", log: false as const };
  await t.step("serve without the option: 404", async () => {
    const server = await serve({ ...base, handleSignals: false });
    const response = await fetch(`http://localhost:${server.addr.port}/_apifn/`);
    assert.equal(response.status, 404);
    await response.body?.cancel();
    await server.shutdown();
  });
  await t.step("console: true without a secret is a startup error", async () => {
    await assert.rejects(serve({ ...base, console: true }), /APIFN_CONSOLE_SECRET/);
  });
  await t.step("with a secret: sign in first, then a session cookie", async () => {
    const server = await serve({
      ...base,
      handleSignals: false,
      console: true,
      consoleSecret: "s3cret-value",
    });
    const url = `http://localhost:${server.addr.port}`;
    try {
      const page = await (await fetch(`${url}/_apifn/`)).text();
      assert.match(page, /name="secret"/);
      const token = /name="token" value="([^"]+)"/.exec(page)![1]!;
      await json(fetch(`${url}/_apifn/console/api/routes`), 401);
      const signIn = (secret: string) =>
        fetch(`${url}/_apifn/console/sign-in`, {
          method: "POST",
          redirect: "manual",
          headers: { origin: url },
          body: new URLSearchParams({ token, secret }),
        });
      await json(signIn("wrong-secret"), 403);
      const granted = await signIn("s3cret-value");
      assert.equal(granted.status, 303);
      const cookie = granted.headers.get("set-cookie")!.split(";")[0]!;
      assert.match(granted.headers.get("set-cookie")!, /HttpOnly; SameSite=Strict/);
      const routes = await json(fetch(`${url}/_apifn/console/api/routes`, { headers: { cookie } }));
      assert.deepEqual(routes.routes.map((r: { path: string }) => r.path), ["/api/a"]);
    } finally {
      await server.shutdown();
    }
  });
  await Deno.remove(root, { recursive: true });
});
