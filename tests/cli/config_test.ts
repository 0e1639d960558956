import assert from "node:assert/strict";
import { CLI, freePort, run, spawnServer } from "./_cli.ts";

const HANDLER = "export default () => new Response('ok');\n";

async function project(files: Record<string, string>): Promise<string> {
  const root = await Deno.makeTempDir({ prefix: "apifn_config_" });
  for (const [name, text] of Object.entries(files)) {
    await Deno.mkdir(`${root}/${name}`.replace(/\/[^/]*$/, ""), { recursive: true });
    await Deno.writeTextFile(`${root}/${name}`, text);
  }
  return root;
}

Deno.test("apifn CLI - a malformed config file stops startup with its file and line", async (t) => {
  const cases: [string, Record<string, string>, RegExp][] = [
    ["redocly.yaml", { "redocly.yaml": "seo:\n  title: [unclosed\n" }, /redocly\.yaml' at line \d/],
    [
      "deno.json",
      { "deno.json": '{\n  "apifn": {\n    "folders": ["a" "b"]\n  }\n}\n' },
      /deno\.json' at line 3/,
    ],
    ["apifn.port", { "deno.json": '{ "apifn": { "port": "80" } }' }, /'apifn\.port' must be/],
  ];
  for (const [name, files, message] of cases) {
    await t.step(name, async () => {
      const root = await project({ "@api/a.get.ts": HANDLER, ...files });
      try {
        for (const command of ["start", "dev", "routes", "gen"]) {
          const port = command === "start" || command === "dev" ? ["--port", "0"] : [];
          const result = await run([command, "--root", root, ...port]);
          assert.equal(result.code, 1, `${command}: ${result.stderr}`);
          assert.match(result.stderr, message);
        }
      } finally {
        await Deno.remove(root, { recursive: true });
      }
    });
  }
});

Deno.test("apifn start - .env feeds the environment without overriding real variables", async () => {
  const root = await project({
    "@api/env.get.ts":
      "export default () => Response.json([process.env.APIFN_T_FILE, Deno.env.get('APIFN_T_REAL')]);\n",
    ".env": "APIFN_T_FILE=from-file\nAPIFN_T_REAL=from-file\n",
  });
  const server = await spawnServer(
    [Deno.execPath(), "run", "-A", "--unstable-kv", CLI, "start", "--root", root, "--port", "0"],
    { env: { APIFN_T_REAL: "real" } },
  );
  try {
    const body = await (await fetch(`${server.url}/api/env`)).json();
    assert.deepEqual(body, ["from-file", "real"]);
  } finally {
    await server.stop();
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("apifn start - deno.json apifn keys: port, hostname, folders, kv; PORT wins", async () => {
  const port = freePort();
  const root = await project({
    "deno.json": JSON.stringify({
      apifn: { port, hostname: "127.0.0.1", folders: ["/extra"], kv: "data/store.sqlite3" },
    }),
    "extra/hello.get.ts": HANDLER,
    "@api/count.post.ts": "export default async (_r, ctx) => { const kv = await ctx.getKv(); " +
      "await kv.set(['n'], 1); return ctx.json({ ok: true }); };\n",
  });
  try {
    const server = await spawnServer(
      [Deno.execPath(), "run", "-A", "--unstable-kv", CLI, "start", "--root", root],
    );
    try {
      assert.equal(server.url, `http://127.0.0.1:${port}`);
      assert.equal(await (await fetch(`${server.url}/extra/hello`)).text(), "ok");
      await (await fetch(`${server.url}/api/count`, { method: "POST" })).body?.cancel();
      assert.ok((await Deno.stat(`${root}/data/store.sqlite3`)).isFile);
    } finally {
      await server.stop();
    }
    const other = freePort();
    const overridden = await spawnServer(
      [Deno.execPath(), "run", "-A", "--unstable-kv", CLI, "start", "--root", root],
      { env: { PORT: String(other) } },
    );
    await overridden.stop();
    assert.match(overridden.output(), new RegExp(`listening on http://127\\.0\\.0\\.1:${other}/`));
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
