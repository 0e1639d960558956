import assert from "node:assert/strict";
import { createServeEntry } from "../../src/server/entry.ts";
import type { AppManifest } from "../../src/app/manifest.ts";
import { remoteAddress } from "../../mod.ts";
import { quiet } from "../_app.ts";

function manifest(functions: AppManifest["functions"]): AppManifest {
  return { version: 1, functions, folders: [], config: {} };
}

function info(hostname: string): Deno.ServeHandlerInfo {
  return { remoteAddr: { transport: "tcp", hostname, port: 4321 }, completed: Promise.resolve() };
}

Deno.test("createServeEntry - fits deno serve: routes, peer address, one log line", async () => {
  const lines: string[] = [];
  const entry = await createServeEntry({
    kv: ":memory:",
    logger: quiet,
    log: (line) => lines.push(line),
    manifest: manifest([
      {
        file: "@api/peer.get.ts",
        module: { default: (r: Request) => Response.json(remoteAddress(r)) },
      },
    ]),
  });
  const served: Deno.ServeDefaultExport = entry;
  try {
    const request = new Request("http://x/api/peer", { headers: { "x-request-id": "r1" } });
    const peer = await (await served.fetch(request, info("10.1.2.3"))).json();
    assert.deepEqual(peer, { hostname: "10.1.2.3", port: 4321 });
    assert.match(lines[0]!, /^GET \/api\/peer 200 \d+\.\dms r1$/);
    const missing = await served.fetch(new Request("http://x/api/nope"), info("10.1.2.3"));
    assert.equal(missing.status, 404);
    await missing.body?.cancel();
  } finally {
    await entry.app.close();
  }
});

Deno.test("createServeEntry - closes the store once the event loop is empty (beforeunload)", async () => {
  const entry = await createServeEntry({
    kv: ":memory:",
    logger: quiet,
    log: false,
    manifest: manifest([]),
  });
  const kv = await entry.app.getKv();
  await kv.set(["k"], 1);
  const first = new Event("beforeunload", { cancelable: true });
  globalThis.dispatchEvent(first);
  assert.equal(first.defaultPrevented, true, "the loop is kept alive while the store closes");
  // No close() here: the listener alone closes the store.
  for (let i = 0; await kv.get(["k"]).then(() => true, () => false); i++) {
    assert.ok(i < 1000, "the store was closed");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await assert.rejects(kv.get(["k"]), /closed/);
  const second = new Event("beforeunload", { cancelable: true });
  globalThis.dispatchEvent(second);
  assert.equal(second.defaultPrevented, false, "then the worker may exit");
});
