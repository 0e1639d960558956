import { startServer } from "../e2e/_server.ts";
import assert from "node:assert/strict";
import { run, spawnServer } from "./_cli.ts";

const MOD = new URL("../../mod.ts", import.meta.url).href;
const CONFIG = new URL("../../deno.json", import.meta.url).pathname;

async function makeProject(): Promise<string> {
  const root = await Deno.makeTempDir({ prefix: "apifn_gen_" });
  const files: Record<string, string> = {
    "redocly.yaml": "seo:\n  title: From the manifest\napiFunctions:\n  folders: [/blog]\n",
    "@api/hello.get.ts":
      "export default (_r, ctx) => ctx.json({ title: ctx.config.seo?.title ?? null });\n",
    "@api/notes/[id].get.ts": "export default (_r, ctx) => ctx.json({ id: ctx.params.id });\n",
    "@api/notes/_util.ts": "export const x = 1;\n",
    "blog/feed.xml.get.ts": "export default () => new Response('<feed/>');\n",
  };
  for (const [name, text] of Object.entries(files)) {
    await Deno.mkdir(`${root}/${name}`.replace(/\/[^/]*$/, ""), { recursive: true });
    await Deno.writeTextFile(`${root}/${name}`, text);
  }
  return root;
}

Deno.test("apifn gen - writes a static manifest; --check tells when it is stale", async () => {
  const root = await makeProject();
  try {
    const result = await run(["gen", "--root", root]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /wrote .*apifn\.manifest\.ts \(3 function files\)/);
    const text = await Deno.readTextFile(`${root}/apifn.manifest.ts`);
    assert.match(text, /load: \(\) => import\("\.\/@api\/hello\.get\.ts"\)/);
    assert.match(text, /load: \(\) => import\("\.\/@api\/notes\/\[id\]\.get\.ts"\)/);
    assert.match(text, /load: \(\) => import\("\.\/blog\/feed\.xml\.get\.ts"\)/);
    assert.doesNotMatch(text, /_util/);
    assert.equal((await run(["gen", "--root", root, "--check"])).code, 0);
    await Deno.writeTextFile(`${root}/@api/new.get.ts`, "export default () => new Response();\n");
    const stale = await run(["gen", "--root", root, "--check"]);
    assert.equal(stale.code, 1);
    assert.match(stale.stderr, /out of date/);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("apifn gen - leaves an up-to-date manifest as it is, newer than the files it checked", async () => {
  const root = await makeProject();
  try {
    assert.equal((await run(["gen", "--root", root])).code, 0);
    const before = await Deno.readTextFile(`${root}/apifn.manifest.ts`);
    // An edit to a listed file changes no route: the manifest stays as it is.
    await Deno.writeTextFile(
      `${root}/@api/hello.get.ts`,
      "export default () => new Response('x');\n",
    );
    const edited = (await Deno.stat(`${root}/@api/hello.get.ts`)).mtime!.getTime();
    const again = await run(["gen", "--root", root]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /apifn\.manifest\.ts is up to date \(3 function files\)/);
    assert.equal(await Deno.readTextFile(`${root}/apifn.manifest.ts`), before); // same timestamp
    assert.ok((await Deno.stat(`${root}/apifn.manifest.ts`)).mtime!.getTime() >= edited);
    // A new file is written into it.
    await Deno.writeTextFile(`${root}/@api/new.get.ts`, "export default () => new Response();\n");
    const added = await run(["gen", "--root", root]);
    assert.match(added.stdout, /wrote .*\(4 function files\)/);
    assert.match(await Deno.readTextFile(`${root}/apifn.manifest.ts`), /@api\/new\.get\.ts/);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("apifn start - serves from the manifest, says so, warns when it is stale", async () => {
  const root = await makeProject();
  try {
    assert.equal((await run(["gen", "--root", root])).code, 0);
    await Deno.writeTextFile(`${root}/@api/late.get.ts`, "export default () => new Response();\n");
    const later = new Date(Date.now() + 5_000);
    await Deno.utime(`${root}/@api/notes/[id].get.ts`, later, later);
    const server = await startServer("start", ["--root", root, "--kv", ":memory:"]);
    try {
      assert.deepEqual(await (await fetch(`${server.url}/api/hello`)).json(), {
        title: "From the manifest",
      });
      assert.deepEqual(await (await fetch(`${server.url}/api/notes/42`)).json(), { id: "42" });
      assert.equal(await (await fetch(`${server.url}/blog/feed.xml`)).text(), "<feed/>");
      const late = await fetch(`${server.url}/api/late`);
      await late.body?.cancel();
      assert.equal(late.status, 404); // not in the manifest: the folders were not scanned
    } finally {
      await server.stop();
    }
    assert.match(server.output(), /using the manifest .*apifn\.manifest\.ts \(3 function files\)/);
    assert.match(server.output(), /'@api\/late\.get\.ts' is not in the manifest/);
    assert.match(server.output(), /manifest is older than '@api\/notes\/\[id\]\.get\.ts'/);
    const scanned = await startServer("start", [
      "--root",
      root,
      "--kv",
      ":memory:",
      "--no-manifest",
    ]);
    const response = await fetch(`${scanned.url}/api/late`);
    await response.body?.cancel();
    await scanned.stop();
    assert.equal(response.status, 200);
    assert.doesNotMatch(scanned.output(), /using the manifest/);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("manifest entry - serves without reading the function folders", async () => {
  const root = await makeProject();
  try {
    assert.equal((await run(["gen", "--root", root])).code, 0);
    await Deno.writeTextFile(
      `${root}/main.ts`,
      `import manifest from "./apifn.manifest.ts";
import { serve } from ${JSON.stringify(MOD)};
await serve({
  manifest,
  port: 0,
  hostname: "127.0.0.1",
  kv: ":memory:",
  onListen: ({ port }) => console.log(\`listening on http://127.0.0.1:\${port}/\`),
});
`,
    );
    // Read access to .env only: scanning a folder or importing a computed path would fail.
    const server = await spawnServer([
      Deno.execPath(),
      "run",
      "--config",
      CONFIG,
      "--unstable-kv",
      "--allow-net=127.0.0.1",
      "--allow-env",
      `--allow-read=${root}/.env`,
      `${root}/main.ts`,
    ], { cwd: root });
    try {
      assert.deepEqual(await (await fetch(`${server.url}/api/notes/7`)).json(), { id: "7" });
      assert.equal(await (await fetch(`${server.url}/blog/feed.xml`)).text(), "<feed/>");
    } finally {
      await server.stop();
    }
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
