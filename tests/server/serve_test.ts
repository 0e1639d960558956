import assert from "node:assert/strict";
import { serve } from "../../src/server/serve.ts";

Deno.test("serve - listens, logs one line per request, shuts down gracefully", async () => {
  const root = await Deno.makeTempDir();
  await Deno.mkdir(`${root}/@api`);
  await Deno.writeTextFile(
    `${root}/@api/slow.get.ts`,
    "export default async (_r, c) => { globalThis.slowStarted = true; await new Promise((r) => setTimeout(r, 200)); return c.json({ ok: 1 }); }",
  );
  const mod = new URL("../../mod.ts", import.meta.url).href;
  await Deno.writeTextFile(
    `${root}/@api/peer.post.ts`,
    `import { remoteAddress } from "${mod}";
    export default async (request, c) => { await request.text(); return c.json(remoteAddress(request) ?? null); }`,
  );
  const lines: string[] = [];
  const server = await serve({
    root,
    kv: ":memory:",
    port: 0,
    hostname: "127.0.0.1",
    handleSignals: false,
    log: (line) => lines.push(line),
  });
  const base = `http://127.0.0.1:${server.addr.port}`;
  try {
    const missing = await fetch(`${base}/api/missing`, { headers: { "x-request-id": "abc" } });
    await missing.body?.cancel();
    assert.match(lines[0]!, /^GET \/api\/missing 404 \d+\.\dms abc$/);
    // The peer address reaches the function (also when its body is re-streamed: no length).
    for (const body of ["x", new Blob(["x"]).stream()]) {
      const peer = await (await fetch(`${base}/api/peer`, { method: "POST", body })).json();
      assert.equal(peer?.hostname, "127.0.0.1");
    }
    assert.equal(
      await (await server.app.fetch(new Request(`${base}/api/peer`, { method: "POST" })))
        .json(),
      null,
    );
    const kv = await server.app.getKv();
    const pending = fetch(`${base}/api/slow`);
    const started = globalThis as { slowStarted?: boolean };
    for (let i = 0; !started.slowStarted; i++) {
      assert.ok(i < 2000, "the slow request reached its function");
      await new Promise((r) => setTimeout(r, 10));
    }
    const stopped = server.shutdown();
    const response = await pending;
    assert.deepEqual(await response.json(), { ok: 1 }); // in-flight request completed
    await stopped;
    await server.finished;
    await assert.rejects(kv.get(["x"]), /closed/); // the store was closed
    await assert.rejects(fetch(`${base}/api/slow`)); // no longer accepting
    assert.match(lines.at(-1)!, /^GET \/api\/slow 200 \d+\.\dms \S+$/);
  } finally {
    await server.shutdown();
    await Deno.remove(root, { recursive: true });
  }
});
