import assert from "node:assert/strict";
import { nextRequestId } from "../../src/app/request_id.ts";

Deno.test("nextRequestId - honours safe x-request-id headers only", async (t) => {
  const cases: [string | null, boolean][] = [
    [null, false],
    ["trace-1.2:3_x", true],
    ["has space", false],
    ["new\nline", false],
    ["x".repeat(65), false],
    ["", false],
  ];
  for (const [header, kept] of cases) {
    await t.step(JSON.stringify(header), () => {
      const headers = new Headers();
      if (header !== null) {
        try {
          headers.set("x-request-id", header);
        } catch {
          return; // Headers itself refuses it: nothing to honour.
        }
      }
      const id = nextRequestId(new Request("http://x/", { headers }));
      if (kept) assert.equal(id, header);
      else assert.match(id, /^[0-9a-z]+-[0-9a-z]+$/);
    });
  }
  await t.step("generated ids are unique", () => {
    const ids = new Set(
      Array.from({ length: 1000 }, () => nextRequestId(new Request("http://x/"))),
    );
    assert.equal(ids.size, 1000);
  });
});
