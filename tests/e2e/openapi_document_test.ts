/** The OpenAPI endpoints on a real port: on under dev, off under start unless turned on. */
import assert from "node:assert/strict";
import { serve } from "../../src/server/serve.ts";
import { startDev } from "../server/_dev.ts";
import { CLI, spawnServer, until } from "../cli/_cli.ts";
import { writeShop } from "../openapi/_project.ts";

const quiet = { warn() {}, error() {} };

Deno.test("dev - serves the document, the Redoc page and its bundle from the package", async (t) => {
  const root = await writeShop();
  const lines: string[] = [];
  const server = await startDev(root, { report: (line) => lines.push(line) });
  const base = `http://127.0.0.1:${server.addr.port}`;
  try {
    await t.step("GET /_apifn/openapi.json", async () => {
      const response = await fetch(`${base}/_apifn/openapi.json`);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get("content-type"), "application/json; charset=utf-8");
      const document = await response.json();
      assert.equal(document.openapi, "3.1.0");
      assert.equal(document.paths["/api/files/{path}"].get.operationId, "getFilesByPath");
    });
    await t.step("GET /_apifn/docs: a strict CSP, and a bundle URL served here", async () => {
      const response = await fetch(`${base}/_apifn/docs`);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get("content-type"), "text/html; charset=utf-8");
      const csp = response.headers.get("content-security-policy") ?? "";
      assert.match(csp, /default-src 'none'/);
      assert.match(csp, /script-src 'self'(;|$)/);
      const html = await response.text();
      assert.match(html, /<title>Shop API – API reference<\/title>/);
      assert.doesNotMatch(html, /<script>|https?:\/\//);
      const scripts = [...html.matchAll(/<script src="([^"]+)">/g)].map((m) => m[1]!);
      const spec = /<redoc spec-url="([^"]+)">/.exec(html)![1]!;
      assert.equal(scripts.length, 1);
      const bundleUrl = new URL(scripts[0]!, response.url);
      assert.equal(bundleUrl.origin, base);
      assert.equal(bundleUrl.pathname, "/_apifn/redoc.standalone.js");
      assert.equal(new URL(spec, response.url).pathname, "/_apifn/openapi.json");
      const bundle = await fetch(bundleUrl);
      assert.equal(bundle.status, 200);
      assert.equal(bundle.headers.get("content-type"), "text/javascript; charset=utf-8");
      const js = await bundle.text();
      assert.ok(js.length > 100_000);
      assert.match(js, /Redoc/);
    });
    await t.step("HEAD has no body; other methods 405", async () => {
      const head = await fetch(`${base}/_apifn/openapi.json`, { method: "HEAD" });
      assert.equal(head.status, 200);
      assert.equal(await head.text(), "");
      const post = await fetch(`${base}/_apifn/docs`, { method: "POST" });
      assert.equal(post.status, 405);
      assert.equal(post.headers.get("allow"), "GET, HEAD");
      await post.body?.cancel();
    });
    await t.step("a new function file is in the document after the reload", async () => {
      await Deno.writeTextFile(
        `${root}/@api/orders.get.ts`,
        'export const openapi = { summary: "Orders" };\nexport default () => new Response("o");\n',
      );
      const summary = await until("the new route in the document", async () => {
        const document = await (await fetch(`${base}/_apifn/openapi.json`)).json();
        return document.paths["/api/orders"]?.get?.summary;
      });
      assert.equal(summary, "Orders");
    });
    await t.step("user routes still answer", async () => {
      const response = await fetch(`${base}/api/files/a/b`);
      assert.equal(await response.text(), "file");
    });
  } finally {
    await server.shutdown();
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("serve - no OpenAPI paths unless openapi: true", async (t) => {
  const root = await writeShop();
  try {
    for (const openapi of [undefined, false, true]) {
      await t.step(`openapi: ${openapi}`, async () => {
        const server = await serve({
          root,
          port: 0,
          hostname: "127.0.0.1",
          kv: ":memory:",
          log: false,
          handleSignals: false,
          logger: quiet,
          ...(openapi === undefined ? {} : { openapi }),
        });
        try {
          for (
            const path of ["/_apifn/openapi.json", "/_apifn/docs", "/_apifn/redoc.standalone.js"]
          ) {
            const response = await fetch(`http://127.0.0.1:${server.addr.port}${path}`);
            await response.body?.cancel();
            assert.equal(response.status, openapi ? 200 : 404, path);
          }
        } finally {
          await server.shutdown();
        }
      });
    }
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("apifn start - --openapi turns the endpoints on", async (t) => {
  const root = await writeShop();
  try {
    for (const flags of [[], ["--openapi"]]) {
      await t.step(`start ${flags.join(" ")}`, async () => {
        const server = await spawnServer([
          Deno.execPath(),
          ...["run", "-A", "--unstable-kv", CLI, "start", "--root", root],
          ...["--port", "0", "--hostname", "127.0.0.1", "--kv", ":memory:", "--quiet"],
          ...flags,
        ]);
        try {
          const response = await fetch(`${server.url}/_apifn/openapi.json`);
          const body = await response.text();
          assert.equal(response.status, flags.length ? 200 : 404);
          if (flags.length) assert.equal(JSON.parse(body).info.title, "Shop API");
        } finally {
          await server.stop("SIGTERM", 30_000);
        }
      });
    }
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
