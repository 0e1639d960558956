import assert from "node:assert/strict";
import { addVary } from "../../src/middleware/response_headers.ts";

Deno.test("addVary - adds missing names once, keeps Vary: *", async (t) => {
  const cases: { vary: string | null; add: string[]; expected: string | null }[] = [
    { vary: null, add: ["Origin"], expected: "Origin" },
    { vary: "origin", add: ["Origin"], expected: "origin" },
    { vary: "Accept-Encoding", add: ["Origin", "Origin"], expected: "Accept-Encoding, Origin" },
    { vary: "*", add: ["Origin"], expected: "*" },
    { vary: "Accept, *", add: ["Origin"], expected: "Accept, *" },
  ];
  for (const c of cases) {
    await t.step(`${c.vary} + ${c.add.join(", ")}`, () => {
      const headers = new Headers(c.vary === null ? {} : { vary: c.vary });
      addVary(headers, ...c.add);
      assert.equal(headers.get("vary"), c.expected);
    });
  }
});
