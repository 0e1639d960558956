import assert from "node:assert/strict";
import { serve } from "../../src/server/serve.ts";
import {
  DEFAULT_SHUTDOWN_GRACE_MS,
  resolveHealth,
  resolveShutdownGrace,
} from "../../src/server/serve_options.ts";

Deno.test("resolveShutdownGrace - accepts milliseconds, refuses other values naming them", async (t) => {
  for (
    const [value, expected] of [[undefined, DEFAULT_SHUTDOWN_GRACE_MS], [0, 0], [250.5, 250.5]]
  ) {
    await t.step(`${value}`, () => assert.equal(resolveShutdownGrace(value), expected));
  }
  for (
    const [value, type] of [
      [-1, RangeError],
      [Number.NaN, RangeError],
      [Infinity, RangeError],
      [2 ** 31, RangeError],
      ["10s", TypeError],
      [null, TypeError],
    ] as const
  ) {
    await t.step(`${String(value)} → ${type.name}`, () => {
      assert.throws(() => resolveShutdownGrace(value), (error: Error) => {
        assert.ok(error instanceof type);
        assert.ok(error.message.includes(`shutdownGraceMs '${String(value)}'`), error.message);
        return true;
      });
    });
  }
});

Deno.test("resolveHealth - a boolean, else the mode's default", async (t) => {
  await t.step("default", () => {
    assert.equal(resolveHealth(undefined, false), false);
    assert.equal(resolveHealth(undefined, true), true);
  });
  await t.step("explicit", () => assert.equal(resolveHealth(false, true), false));
  await t.step("not a boolean", () => {
    assert.throws(() => resolveHealth("on", false), TypeError, "health 'on'");
  });
});

Deno.test("serve - refuses bad server options before opening anything", async (t) => {
  for (
    const [options, type] of [
      [{ shutdownGraceMs: -5 }, RangeError],
      [{ shutdownGraceMs: "5" }, TypeError],
      [{ health: 1 }, TypeError],
    ] as const
  ) {
    await t.step(JSON.stringify(options), async () => {
      await assert.rejects(
        serve({ root: "/nowhere", kv: ":memory:", handleSignals: false, ...options } as never),
        type,
      );
    });
  }
});
