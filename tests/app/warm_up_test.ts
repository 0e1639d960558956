import assert from "node:assert/strict";
import { fn, memoryApp, within } from "../_app.ts";

Deno.test("warmUp - a broken middleware file is reported right after startup, not on a request", async () => {
  const reported = Promise.withResolvers<string>();
  const app = await memoryApp({
    "@api/_middleware.ts": { default: null },
    "@api/a.get.ts": fn(() => new Response("a")),
  }, {
    preload: "background",
    logger: { warn() {}, error: (message) => reported.resolve(message) },
  });
  try {
    assert.equal(
      await within(reported.promise, "the warm-up report"),
      "Cannot use middleware file '@api/_middleware.ts': its default export is null, not a " +
        "function (write `export default function (request, context, next) { ... }`)",
    );
  } finally {
    await app.close();
  }
});
