import assert from "node:assert/strict";
import { setup, teardown, until } from "./_dev.ts";

/** A middleware that appends `suffix` to the text the rest of the chain answers. */
function suffixing(suffix: string): string {
  return `export default async (_request, _context, next) => {
  const response = await next();
  return new Response((await response.text()) + ${JSON.stringify(suffix)}, response);
};\n`;
}

Deno.test("serveDev - hot reload of _middleware.ts files (add, edit, break, remove)", async (t) => {
  const { root, server, lines, get, expect } = await setup();
  try {
    await t.step("adding a root middleware wraps the existing route", async () => {
      assert.deepEqual(await get("/api/a"), { status: 200, text: "a1" });
      await Deno.writeTextFile(`${root}/@api/_middleware.ts`, suffixing("+m1"));
      await expect("/api/a", 200, "a1+m1");
      assert.ok(
        lines.some((line) => line.includes("reloaded (@api/_middleware.ts)")),
        lines.join("\n"),
      );
      assert.ok(!lines.some((line) => line.includes("restart 'apifn dev'")), lines.join("\n"));
    });
    await t.step("editing it takes effect on the next request", async () => {
      await Deno.writeTextFile(`${root}/@api/_middleware.ts`, suffixing("+m2 (edited)"));
      await expect("/api/a", 200, "a1+m2 (edited)");
    });
    await t.step("a sub-folder's middleware runs after the root's", async () => {
      await Deno.mkdir(`${root}/@api/sub`);
      await Deno.writeTextFile(`${root}/@api/sub/_middleware.ts`, suffixing("+sub"));
      await Deno.writeTextFile(
        `${root}/@api/sub/b.get.ts`,
        'export default () => new Response("b");\n',
      );
      await expect("/api/sub/b", 200, "b+sub+m2 (edited)");
    });
    await t.step("a broken middleware answers 500 naming the file, then is fixed", async () => {
      await Deno.writeTextFile(
        `${root}/@api/sub/_middleware.ts`,
        "export default (request, context, next) => {\n  return next(\n}\n",
      );
      const broken = await expect("/api/sub/b", 500);
      assert.match(broken.text, /@api\/sub\/_middleware\.ts[^"]*:3:1/);
      assert.deepEqual(await get("/api/a"), { status: 200, text: "a1+m2 (edited)" });
      await until(
        "the report of the broken file",
        () =>
          Promise.resolve(
            lines.find((line) =>
              line.includes("Cannot load middleware file '@api/sub/_middleware.ts'")
            ),
          ),
      );
      await Deno.writeTextFile(`${root}/@api/sub/_middleware.ts`, suffixing("+fixed"));
      await expect("/api/sub/b", 200, "b+fixed+m2 (edited)");
    });
    await t.step("removing the root middleware unwraps the routes", async () => {
      await Deno.remove(`${root}/@api/_middleware.ts`);
      await expect("/api/a", 200, "a1");
      await expect("/api/sub/b", 200, "b+fixed");
      assert.equal((await get("/api/_middleware")).status, 404);
    });
  } finally {
    await teardown(server, root);
  }
});
