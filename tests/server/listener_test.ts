import assert from "node:assert/strict";
import { listen } from "../../src/server/listener.ts";

Deno.test("listen - serves, finishes requests in flight on shutdown, then refuses", async () => {
  const release = Promise.withResolvers<void>();
  const started = Promise.withResolvers<void>();
  const listener = listen({ port: 0, hostname: "127.0.0.1" }, async (request) => {
    if (new URL(request.url).pathname === "/slow") {
      started.resolve();
      await release.promise;
    }
    return new Response("done");
  });
  const base = `http://127.0.0.1:${listener.addr.port}`;
  try {
    assert.equal(await (await fetch(`${base}/`)).text(), "done");
    const slow = fetch(`${base}/slow`).then((r) => r.text());
    await started.promise;
    const stopped = listener.shutdown();
    release.resolve();
    assert.equal(await slow, "done");
    await stopped;
    await assert.rejects(fetch(`${base}/`));
    assert.equal(listener.failures, 0);
  } finally {
    release.resolve();
    await listener.shutdown();
  }
});

Deno.test("listen - a port in use is a startup error", async () => {
  const first = listen({ port: 0, hostname: "127.0.0.1" }, () => new Response());
  try {
    assert.throws(
      () => listen({ port: first.addr.port, hostname: "127.0.0.1" }, () => new Response()),
      Deno.errors.AddrInUse,
    );
  } finally {
    await first.shutdown();
  }
});
