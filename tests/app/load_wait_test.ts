import assert from "node:assert/strict";
import { type App, createApp } from "../../src/app.ts";
import { createMemoryFs } from "../../src/routing/fs.ts";
import { fn, within } from "../_app.ts";
import { until } from "../cli/_cli.ts";

const ok = fn((_request, context) => context.json({ ok: true }));

/** An app whose `@api/slow.ts` import finishes only when `release()` is called. */
async function gatedApp(options: { dev?: boolean; preload?: boolean | "background" }) {
  const gate = Promise.withResolvers<void>();
  const files = { "@api/slow.ts": ok, "@api/ok.ts": ok };
  const memory = createMemoryFs(files);
  const errors: string[] = [];
  const warnings: string[] = [];
  const app = await createApp({
    root: "/project",
    kv: ":memory:",
    limits: { timeoutMs: 50 },
    ...options,
    logger: { warn: (m) => warnings.push(m), error: (m) => errors.push(m) },
    fs: {
      ...memory,
      load: (path) =>
        path.endsWith("/slow.ts") ? gate.promise.then(() => memory.load(path)) : memory.load(path),
    },
  });
  return { app, errors, warnings, release: () => gate.resolve() };
}

async function get(app: App, path: string): Promise<{ status: number; body: { error?: string } }> {
  const response = await within(app.fetch(new Request(`http://localhost${path}`)), path);
  return { status: response.status, body: await response.json() };
}

const STALLED =
  /^Cannot load function file '@api\/slow\.ts': its import did not finish within 0\.05 s/;

Deno.test("import time limit - an import that does not finish in time answers 504, reported once", async (t) => {
  for (const dev of [false, true]) {
    await t.step(dev ? "dev" : "production", async () => {
      const { app, errors, release } = await gatedApp({ dev, preload: false });
      for (let i = 0; i < 3; i++) {
        const slow = await get(app, "/api/slow");
        assert.equal(slow.status, 504);
        if (dev) assert.match(slow.body.error!, STALLED);
        else assert.equal(slow.body.error, "Gateway Timeout");
        assert.deepEqual(await get(app, "/api/ok"), { status: 200, body: { ok: true } });
      }
      assert.equal(errors.length, 1);
      assert.match(errors[0]!, /Cannot load function file '@api\/slow\.ts': its import did not/);
      release(); // the same pending import finishes: the route serves from then on
      assert.deepEqual(await get(app, "/api/slow"), { status: 200, body: { ok: true } });
      await app.close();
    });
  }
});

Deno.test("import time limit - preloading at startup is bounded by it", async (t) => {
  await t.step("production: startup fails naming the file", async () => {
    const gate = Promise.withResolvers<void>();
    const memory = createMemoryFs({ "@api/slow.ts": ok });
    await assert.rejects(
      within(
        createApp({
          root: "/project",
          kv: ":memory:",
          limits: { timeoutMs: 50 },
          logger: { warn() {}, error() {} },
          fs: { ...memory, load: (path) => gate.promise.then(() => memory.load(path)) },
        }),
        "createApp",
      ),
      { message: STALLED },
    );
    gate.resolve();
  });
  await t.step("dev: a warning, and the route answers 504 until it loads", async () => {
    const { app, warnings, release } = await within(
      gatedApp({ dev: true, preload: true }),
      "createApp",
    );
    assert.match(warnings.join("\n"), /'@api\/slow\.ts': its import did not finish/);
    assert.equal((await get(app, "/api/slow")).status, 504);
    release();
    assert.equal((await get(app, "/api/slow")).status, 200);
    await app.close();
  });
  await t.step(
    "background: a stalled import is reported once, and close() does not wait",
    async () => {
      const { app, errors, release } = await gatedApp({ preload: "background" });
      await until("the warm-up's report", () => Promise.resolve(errors.length > 0 || undefined));
      assert.equal(errors.length, 1);
      assert.match(errors[0]!, STALLED);
      assert.equal((await get(app, "/api/slow")).status, 504);
      assert.equal(errors.length, 1);
      await within(app.close(), "close()");
      release();
    },
  );
  await t.step("background: close() right away does not wait for a running import", async () => {
    const { app, errors, release } = await gatedApp({ preload: "background" });
    await within(app.close(), "close()");
    release();
    await new Promise((resolve) => setTimeout(resolve, 100)); // nothing is reported after close
    assert.deepEqual(errors, []);
  });
});
