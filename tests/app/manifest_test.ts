import assert from "node:assert/strict";
import { createApp } from "../../src/app.ts";
import type { AppManifest } from "../../src/app/manifest.ts";
import { quiet } from "../_app.ts";

const handler = (body: string) => ({ default: () => new Response(body) });

function manifest(functions: AppManifest["functions"], extra: Partial<AppManifest> = {}) {
  return { version: 1, functions, folders: [], config: {}, ...extra } as AppManifest;
}

Deno.test("createApp({ manifest }) - routes, config and settings come from the manifest", async () => {
  const root = await Deno.makeTempDir(); // empty: nothing is scanned
  const app = await createApp({
    root,
    logger: quiet,
    manifest: manifest([
      {
        file: "@api/notes/[id].get.ts",
        module: {
          default: (_r: Request, ctx: { params: { id: string } }) => new Response(ctx.params.id),
        },
      },
      { file: "@api/notes/me.get.ts", module: handler("me") },
      { file: "blog/feed.get.ts", module: handler("feed") },
    ], { folders: ["/blog"], config: { seo: { title: "t" } }, settings: { kv: ":memory:" } }),
  });
  try {
    const get = async (path: string) =>
      await (await app.fetch(new Request(`http://x${path}`))).text();
    assert.equal(await get("/api/notes/me"), "me"); // static beats [param]
    assert.equal(await get("/api/notes/7"), "7");
    assert.equal(await get("/blog/feed"), "feed");
    assert.deepEqual(app.routes.map((r) => r.path), [
      "/api/notes/me",
      "/api/notes/[id]",
      "/blog/feed",
    ]);
    await (await app.getKv()).set(["k"], 1);
    await assert.rejects(Deno.stat(`${root}/.apifn`), Deno.errors.NotFound); // settings.kv
  } finally {
    await app.close();
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("createApp({ manifest }) - conflicts, bad names and bad manifests are rejected", async (t) => {
  await t.step("conflict", async () => {
    await assert.rejects(
      createApp({
        kv: ":memory:",
        logger: quiet,
        manifest: manifest([
          { file: "@api/a.get.ts", module: handler("1") },
          { file: "@api/a/index.get.ts", module: handler("2") },
        ]),
      }),
      /@api\/a\.get\.ts[\s\S]*@api\/a\/index\.get\.ts/,
    );
  });
  await t.step("unparseable name", async () => {
    await assert.rejects(
      createApp({
        kv: ":memory:",
        logger: quiet,
        manifest: manifest([{ file: "@api/[a][b].ts", module: handler("") }]),
      }),
      /\[a\]\[b\]\.ts/,
    );
  });
  await t.step("wrong version", async () => {
    await assert.rejects(
      createApp({ kv: ":memory:", logger: quiet, manifest: { ...manifest([]), version: 9 } }),
      /format version '9'/,
    );
  });
});
