import assert from "node:assert/strict";
import { UsageError } from "../../src/cli/args.ts";
import { serverFlags } from "../../src/cli/serve_flags.ts";

Deno.test("serverFlags - a flag wins over the setting, the setting over the default", async (t) => {
  for (
    const [name, values, settings, dev, expected] of [
      ["start defaults", {}, {}, false, { shutdownGraceMs: 10_000, health: false, openapi: false }],
      ["dev defaults", {}, {}, true, { shutdownGraceMs: 10_000, health: true, openapi: true }],
      ["settings", {}, { shutdownGraceMs: 300, health: true, openapi: true }, false, {
        shutdownGraceMs: 300,
        health: true,
        openapi: true,
      }],
      [
        "flags",
        { "shutdown-grace-ms": "0", "no-health": true, "no-openapi": true },
        {
          shutdownGraceMs: 300,
          health: true,
          openapi: true,
        },
        true,
        { shutdownGraceMs: 0, health: false, openapi: false },
      ],
      ["--openapi under start", { openapi: true }, { openapi: false }, false, {
        shutdownGraceMs: 10_000,
        health: false,
        openapi: true,
      }],
    ] as const
  ) {
    await t.step(name, () => assert.deepEqual(serverFlags(values, settings, dev), expected));
  }
});

Deno.test("serverFlags - bad usage is a UsageError naming the value", async (t) => {
  for (
    const [values, message] of [
      [{ "shutdown-grace-ms": "1.5" }, "'1.5'"],
      [{ "shutdown-grace-ms": "" }, "''"],
      [{ "shutdown-grace-ms": "9999999999" }, "'9999999999'"],
      [{ health: true, "no-health": true }, "--no-health"],
      [{ openapi: true, "no-openapi": true }, "--no-openapi"],
    ] as const
  ) {
    await t.step(JSON.stringify(values), () => {
      assert.throws(() => serverFlags(values, {}, false), UsageError, message);
    });
  }
});
