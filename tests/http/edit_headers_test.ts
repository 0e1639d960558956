import assert from "node:assert/strict";
import { editHeaders } from "../../src/http/edit_headers.ts";

Deno.test("editHeaders - edits in place when mutable, copies status, body and headers when not", async () => {
  const mutable = new Response("body", { status: 202, headers: { a: "1" } });
  assert.equal(editHeaders(mutable, (h) => h.set("b", "2")), mutable);
  assert.equal(mutable.headers.get("b"), "2");

  const immutable = Response.error();
  assert.throws(() => immutable.headers.set("x", "1"), TypeError);
  const redirect = Response.redirect("http://localhost/x", 301);
  const copy = editHeaders(redirect, (h) => h.append("vary", "Origin"));
  assert.equal(copy.status, 301);
  assert.equal(copy.headers.get("location"), "http://localhost/x");
  assert.equal(copy.headers.get("vary"), "Origin");
  assert.equal(await copy.text(), "");

  // Errors other than the immutable-headers TypeError are not swallowed.
  assert.throws(() =>
    editHeaders(mutable, () => {
      throw new RangeError("boom");
    }), RangeError);
});
