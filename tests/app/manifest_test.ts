import assert from "node:assert/strict";
import { createApp } from "../../src/app.ts";
import type { AppManifest } from "../../src/app/manifest.ts";
import { renderManifest } from "../../src/app/manifest_gen.ts";
import { fileUrl } from "../../src/app/modules.ts";
import { quiet } from "../_app.ts";
import { hs256Key, signToken } from "../auth/_jwt.ts";

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

Deno.test("createApp({ manifest }) - deno.json's apifn.auth applies as when the folders are scanned", async () => {
  const root = await Deno.makeTempDir({ prefix: "apifn_manifest_auth_" });
  try {
    await Deno.mkdir(`${root}/@api`);
    await Deno.writeTextFile(`${root}/@api/me.get.ts`, "export default (_r, c) => c.json(c.user);");
    await Deno.writeTextFile(
      `${root}/deno.json`,
      JSON.stringify({ apifn: { auth: { jwt: { audience: "api" } } } }),
    );
    const { text, path } = await renderManifest(root);
    assert.match(text, /auth: \{\n\s+"jwt": \{\n\s+"audience": "api"/);
    await Deno.writeTextFile(path, text);
    const generated = (await import(fileUrl(path).href)).default as AppManifest;
    const secret = "manifest-auth-secret-0123456789abcdef";
    const key = await hs256Key(secret);
    for (const [name, options] of [["scan", {}], ["manifest", { manifest: generated }]] as const) {
      const app = await createApp({
        root,
        kv: ":memory:",
        logger: quiet,
        jwt: { secret },
        ...options,
      });
      try {
        const me = async (aud: string) => {
          const token = await signToken(key, { sub: "u1", aud });
          const headers = { authorization: `Bearer ${token}` };
          return (await (await app.fetch(new Request("http://x/api/me", { headers }))).json());
        };
        assert.equal((await me("api")).isAuthenticated, true, name);
        assert.equal((await me("other")).isAuthenticated, false, `${name}: audience checked`);
      } finally {
        await app.close();
      }
    }
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
