import assert from "node:assert/strict";
import { startServer } from "./_server.ts";

Deno.test("apifn start - SIGTERM finishes in-flight requests, closes the store, restarts", async () => {
  const root = await Deno.makeTempDir();
  await Deno.mkdir(`${root}/@api`);
  await Deno.writeTextFile(
    `${root}/@api/slow.post.ts`,
    `export default async function (_request, context) {
      const kv = await context.getKv();
      await kv.set(["started", crypto.randomUUID()], true);
      await new Promise((resolve) => setTimeout(resolve, 400));
      await kv.set(["slow", crypto.randomUUID()], { at: Date.now() });
      return context.json({ done: true });
    }`,
  );
  await Deno.writeTextFile(
    `${root}/@api/count.get.ts`,
    `export default async function (request, c) {
    const kv = await c.getKv();
    const prefix = new URL(request.url).searchParams.get("of") ?? "slow";
    return c.json({ total: (await kv.list({ prefix: [prefix] })).total });
  }`,
  );
  let server = await startServer("start", ["--root", root]);
  try {
    const inFlight = Array.from(
      { length: 5 },
      () => fetch(`${server.url}/api/slow`, { method: "POST" }),
    );
    // SIGTERM once all five are inside their function (a busy machine may take a while).
    for (let i = 0;; i++) {
      const { total } = await (await fetch(`${server.url}/api/count?of=started`)).json();
      if (total === 5) break;
      assert.ok(i < 2000, `only ${total} of 5 requests reached their function`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const status = await server.stop("SIGTERM");
    const responses = await Promise.all(inFlight);
    for (const response of responses) assert.deepEqual(await response.json(), { done: true });
    assert.equal(status.code, 0);
    // The store closed cleanly: a restart serves at once and sees every write.
    server = await startServer("start", ["--root", root]);
    assert.deepEqual(await (await fetch(`${server.url}/api/count`)).json(), { total: 5 });
  } finally {
    await server.stop();
    await Deno.remove(root, { recursive: true });
  }
});
