import assert from "node:assert/strict";
import { readSettings } from "../../src/config/settings.ts";

Deno.test("readSettings - reads the server settings", () => {
  assert.deepEqual(
    readSettings({ health: true, openapi: false, shutdownGraceMs: 2500 }, "deno.json"),
    { health: true, openapi: false, shutdownGraceMs: 2500 },
  );
});

Deno.test("readSettings - wrong server settings name the file and key", async (t) => {
  for (
    const [section, key] of [
      [{ health: "yes" }, "health"],
      [{ openapi: 1 }, "openapi"],
      [{ shutdownGraceMs: -1 }, "shutdownGraceMs"],
      [{ shutdownGraceMs: "10s" }, "shutdownGraceMs"],
      [{ shutdownGraceMs: Infinity }, "shutdownGraceMs"],
    ] as const
  ) {
    await t.step(JSON.stringify(section), () => {
      assert.throws(
        () => readSettings(section, "/p/deno.json"),
        TypeError,
        `Cannot read config file '/p/deno.json': 'apifn.${key}' must be`,
      );
    });
  }
});
