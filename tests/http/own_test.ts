import assert from "node:assert/strict";
import { setOwn } from "../../src/http/own.ts";

Deno.test("setOwn - every key becomes an own property, __proto__ included", async (t) => {
  for (const key of ["a", "constructor", "__proto__", "toString"]) {
    await t.step(key, () => {
      const target: Record<string, string> = {};
      setOwn(target, key, "v");
      assert.ok(Object.hasOwn(target, key));
      assert.equal(target[key], "v");
      assert.equal(Object.getPrototypeOf(target), Object.prototype);
    });
  }
});
