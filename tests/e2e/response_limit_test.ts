/**
 * The response size limit on a real `Deno.serve` port (issue 17, "Why" 7): Redocly answers a
 * response over 5 MB with 500; a streamed one is cut and its connection aborted.
 */
import assert from "node:assert/strict";
import { fn, memoryApp } from "../_app.ts";
import { serve } from "../../src/server/serve.ts";
import type { ApiFunction } from "../../src/types.ts";

const MB = 1024 * 1024;

/** A stream of `chunks` chunks of 64 KiB, each made when asked for (no length known). */
function chunked(chunks: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    async pull(controller) {
      await Promise.resolve();
      if (sent++ === chunks) return controller.close();
      controller.enqueue(new Uint8Array(64 * 1024).fill(120));
    },
  });
}

const FILES: Record<string, ApiFunction> = {
  "@api/big-text.ts": () => new Response("x".repeat(6 * MB)),
  "@api/big-bytes.ts": () => new Response(new Uint8Array(6 * MB)),
  "@api/big-json.ts": (_request, context) => context.json({ data: "x".repeat(6 * MB) }),
  "@api/big-declared.ts": () =>
    new Response(chunked(96), { headers: { "content-length": String(6 * MB) } }),
  "@api/big-stream.ts": () => new Response(chunked(96)),
  "@api/under.ts": () => new Response("y".repeat(4 * MB)),
  "@api/under-stream.ts": () => new Response(chunked(64)),
  "@api/small.ts": (_request, context) => context.json({ ok: true }),
};

async function withServer(
  limits: { maxResponseBytes?: number; dev?: boolean },
  run: (base: string, logged: string[]) => Promise<void>,
): Promise<void> {
  const logged: string[] = [];
  const logger = {
    warn() {},
    error: (message: string, error?: unknown) =>
      logged.push(`${message} ${error instanceof Error ? error.message : ""}`),
  };
  const files = Object.fromEntries(Object.entries(FILES).map(([k, v]) => [k, fn(v)]));
  const { dev = true, ...sizes } = limits;
  const app = await memoryApp(files, { limits: sizes, logger, dev });
  const server = await serve({
    app,
    port: 0,
    hostname: "127.0.0.1",
    handleSignals: false,
    log: false,
  });
  try {
    await run(`http://127.0.0.1:${server.addr.port}`, logged);
  } finally {
    await server.shutdown();
  }
}

Deno.test("response limit - a body over 5 MB known before sending is a 500 JSON error", async (t) => {
  await withServer({}, async (base, logged) => {
    for (const name of ["big-text", "big-bytes", "big-json", "big-declared"]) {
      await t.step(name, async () => {
        const response = await fetch(`${base}/api/${name}`);
        assert.equal(response.status, 500);
        assert.match(response.headers.get("content-type") ?? "", /json/);
        assert.match((await response.json()).error, /over the limit of 5242880 bytes/);
        const line = logged.find((entry) => entry.includes(`'@api/${name}.ts'`));
        assert.match(
          line ?? "",
          /Response of '@api\/[a-z-]+\.ts' is (at least )?\d+ bytes, over the limit of 5242880 bytes/,
        );
      });
    }
  });
});

Deno.test("response limit - start checks only sizes known without reading the body", async (t) => {
  await withServer({ dev: false }, async (base, logged) => {
    const cases: [string, number][] = [
      ["big-json", 500],
      ["big-declared", 500],
      ["big-text", 200],
      ["big-stream", 200],
    ];
    for (const [name, status] of cases) {
      await t.step(`${name} → ${status}`, async () => {
        const response = await fetch(`${base}/api/${name}`);
        assert.equal(response.status, status);
        await response.arrayBuffer();
      });
    }
    assert.equal(logged.length, 2);
  });
});

Deno.test("response limit - an event stream's headers do not wait for its first chunk", async () => {
  let release = () => {};
  const held = new Promise<void>((resolve) => release = resolve);
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      await held;
      controller.enqueue(new TextEncoder().encode("data: 1\n\n"));
      controller.close();
    },
  });
  const app = await memoryApp({
    "@api/events.ts": fn(() =>
      new Response(stream, { headers: { "content-type": "text/event-stream" } })
    ),
  }, { dev: true });
  const response = await app.fetch(new Request("http://x/api/events"));
  assert.equal(response.status, 200);
  release();
  assert.equal(await response.text(), "data: 1\n\n");
  await app.close();
});

Deno.test("response limit - a stream past 5 MB is cut: the client sees an aborted body", async () => {
  await withServer({}, async (base, logged) => {
    const response = await fetch(`${base}/api/big-stream`);
    assert.equal(response.status, 200);
    await assert.rejects(response.arrayBuffer());
    const line = logged.find((entry) => entry.includes("'@api/big-stream.ts'"));
    assert.match(
      line ?? "",
      /Response of '@api\/big-stream\.ts' passed \d+ bytes while streaming, over the limit of 5242880 bytes: the connection is aborted/,
    );
  });
});

Deno.test("response limit - bodies under the limit go out untouched", async (t) => {
  await withServer({}, async (base, logged) => {
    const cases: [string, number, boolean][] = [
      ["under", 4 * MB, true],
      ["under-stream", 4 * MB, false],
      ["small", 11, true],
    ];
    for (const [name, size, sized] of cases) {
      await t.step(name, async () => {
        const response = await fetch(`${base}/api/${name}`);
        assert.equal(response.status, 200);
        // A whole body still goes out with its length, not chunked.
        assert.equal(response.headers.has("content-length"), sized);
        assert.equal((await response.arrayBuffer()).byteLength, size);
      });
    }
    assert.deepEqual(logged, []);
  });
});

Deno.test("response limit - limits.maxResponseBytes sets the limit; Infinity turns it off", async (t) => {
  await t.step("1 KB", async () => {
    await withServer({ maxResponseBytes: 1024 }, async (base) => {
      const small = await fetch(`${base}/api/small`);
      assert.deepEqual(await small.json(), { ok: true });
      const under = await fetch(`${base}/api/under`);
      assert.equal(under.status, 500);
      await under.body?.cancel();
    });
  });
  await t.step("Infinity", async () => {
    await withServer({ maxResponseBytes: Infinity }, async (base) => {
      const big = await fetch(`${base}/api/big-text`);
      assert.equal(big.status, 200);
      assert.equal((await big.arrayBuffer()).byteLength, 6 * MB);
    });
  });
});
