import assert from "node:assert/strict";
import { fn, setup, startDev, teardown, until } from "./_dev.ts";

Deno.test("serveDev - a request in flight finishes on the old code", async () => {
  const { root, server, get, expect } = await setup();
  const release = `${root}/release`;
  const started = `${root}/started`;
  const slow = (version: string) => `
export default async function () {
  await Deno.writeTextFile(${JSON.stringify(started)}, "");
  while (true) {
    try { await Deno.stat(${JSON.stringify(release)}); break; } catch { /* not yet */ }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return new Response(${JSON.stringify(version)});
}
`;
  try {
    await Deno.writeTextFile(`${root}/@api/slow.get.ts`, slow("old"));
    await Deno.writeTextFile(`${root}/@api/marker.get.ts`, fn("m1"));
    await expect("/api/marker", 200, "m1");
    const inFlight = fetch(`http://127.0.0.1:${server.addr.port}/api/slow`);
    await until("the handler to start", () => Deno.stat(started));
    await Deno.writeTextFile(`${root}/@api/slow.get.ts`, slow("new"));
    await Deno.writeTextFile(`${root}/@api/marker.get.ts`, fn("m2"));
    await expect("/api/marker", 200, "m2"); // the reload happened
    await Deno.writeTextFile(release, "");
    const response = await inFlight;
    assert.equal(response.status, 200);
    assert.equal(await response.text(), "old");
    assert.deepEqual(await get("/api/slow"), { status: 200, text: "new" });
  } finally {
    await teardown(server, root);
  }
});

Deno.test("serveDev - a request that arrives while a change is pending waits for the reload", async () => {
  const root = await Deno.makeTempDir({ prefix: "apifn_dev_" });
  await Deno.mkdir(`${root}/@api`);
  await Deno.writeTextFile(`${root}/@api/a.get.ts`, fn("v1"));
  // A wide debounce window: the request below lands inside it.
  const server = await startDev(root, { debounceMs: 300 });
  try {
    await Deno.writeTextFile(`${root}/@api/a.get.ts`, fn("v2"));
    await until(
      "the watcher to see the change",
      () => Promise.resolve(server.changePending || undefined),
    );
    const response = await fetch(`http://127.0.0.1:${server.addr.port}/api/a`);
    assert.equal(await response.text(), "v2"); // no polling: it waited for the reload
    assert.equal(server.changePending, false);
  } finally {
    await teardown(server, root);
  }
});
