/**
 * A broken store file: `apifn start` refuses to start, naming the file and SQLite's reason;
 * `apifn dev` warns and serves the routes that do not use KV. The health endpoint reports the
 * store: 200 or 503, and 404 under `start` unless turned on.
 */
import assert from "node:assert/strict";
import { openKv } from "../../src/kv/engine/open.ts";
import { freePort, run } from "../cli/_cli.ts";
import { startServer } from "./_server.ts";

async function project(): Promise<{ root: string; store: string }> {
  const root = await Deno.makeTempDir();
  await Deno.mkdir(`${root}/@api`);
  await Deno.mkdir(`${root}/.apifn`);
  await Deno.writeTextFile(`${root}/@api/hi.get.ts`, "export default () => new Response('hi');");
  return { root, store: `${root}/.apifn/kv.sqlite3` };
}

async function writeGoodStore(path: string): Promise<void> {
  const kv = await openKv(path);
  await kv.set(["note"], { text: "kept" });
  await kv.close();
}

async function breakStore(path: string, how: "random" | "header"): Promise<void> {
  if (how === "random") {
    await Deno.writeFile(path, crypto.getRandomValues(new Uint8Array(8192)));
    return;
  }
  await writeGoodStore(path);
  const file = await Deno.open(path, { write: true });
  await file.write(new TextEncoder().encode("not the SQLite magic"));
  file.close();
}

Deno.test("apifn start - exits with code 1 naming a store file it cannot read", async (t) => {
  for (const how of ["random", "header"] as const) {
    await t.step(`a store file with ${how} bytes`, async () => {
      const { root, store } = await project();
      try {
        await breakStore(store, how);
        const result = await run(["start", "--root", root, "--port", "0"]);
        assert.equal(result.code, 1, result.stderr);
        assert.ok(result.stderr.includes(`'${store}'`), result.stderr);
        assert.match(result.stderr, /file is not a database/);
        assert.doesNotMatch(result.stdout, /listening on/);
      } finally {
        await Deno.remove(root, { recursive: true });
      }
    });
  }
});

Deno.test("apifn dev - warns about a broken store, serves other routes, health answers 503", async () => {
  const { root, store } = await project();
  await breakStore(store, "random");
  const server = await startServer("dev", ["--root", root]);
  try {
    assert.equal(await (await fetch(`${server.url}/api/hi`)).text(), "hi");
    const warning = `cannot read the KV store '${store}'`;
    const deadline = Date.now() + 30_000; // the check runs once dev listens
    while (!server.output().includes(warning) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.ok(server.output().includes(warning), server.output());
    const broken = await fetch(`${server.url}/_apifn/health`);
    assert.equal(broken.status, 503);
    const body = await broken.json();
    assert.equal(body.status, "unavailable");
    assert.equal(body.kv, "unavailable");
    assert.match(body.error, /file is not a database/);
    // Fixed while running: the next check opens the new store.
    await Deno.remove(store);
    const fixed = await fetch(`${server.url}/_apifn/health`);
    assert.deepEqual([fixed.status, await fixed.json()], [200, { status: "ok", kv: "ok" }]);
  } finally {
    await server.stop();
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("apifn start - health endpoint only when turned on", async (t) => {
  const { root, store } = await project();
  await writeGoodStore(store);
  try {
    for (
      const [name, args, status] of [
        ["off by default", [], 404],
        ["--health", ["--health"], 200],
        ["apifn.health in deno.json", [], 200],
      ] as const
    ) {
      await t.step(name, async () => {
        if (name.startsWith("apifn.health")) {
          await Deno.writeTextFile(`${root}/deno.json`, '{ "apifn": { "health": true } }');
        }
        const server = await startServer("start", ["--root", root, ...args]);
        try {
          const response = await fetch(`${server.url}/_apifn/health`);
          assert.equal(response.status, status);
          const body = await response.json();
          if (status === 200) assert.deepEqual(body, { status: "ok", kv: "ok" });
        } finally {
          await server.stop();
        }
      });
    }
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("apifn start --parallel - checks the store first; --health reaches the workers", async () => {
  const { root, store } = await project();
  try {
    await breakStore(store, "header");
    const refused = await run(["start", "--root", root, "--parallel", "--port", "0"]);
    assert.equal(refused.code, 1, refused.stderr);
    assert.ok(refused.stderr.includes(`'${store}'`), refused.stderr);
    await Deno.remove(store);
    await writeGoodStore(store);
    const port = freePort();
    const server = await startServer("start", [
      "--root",
      root,
      "--parallel",
      "--health",
      "--port",
      String(port),
    ], { env: { DENO_JOBS: "1" } });
    try {
      const deadline = Date.now() + 30_000; // the workers listen after the parent says so
      let response: Response | undefined;
      while (!response && Date.now() < deadline) {
        response = await fetch(`http://127.0.0.1:${port}/_apifn/health`).catch(() => undefined);
        if (!response) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.deepEqual([response?.status, await response?.json()], [200, {
        status: "ok",
        kv: "ok",
      }]);
    } finally {
      await server.stop();
    }
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
