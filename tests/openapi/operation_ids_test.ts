import assert from "node:assert/strict";
import {
  createIdAllocator,
  deriveOperationId,
  deriveTag,
} from "../../src/openapi/operation_ids.ts";

Deno.test("deriveOperationId - method + path words, parameters as By + name", async (t) => {
  const table: Array<[string, string, string]> = [
    ["GET", "/api/notes", "getNotes"],
    ["GET", "/api/notes/{id}", "getNotesById"],
    ["DELETE", "/api/notes/{id}", "deleteNotesById"],
    ["GET", "/api/files/{path}", "getFilesByPath"],
    ["POST", "/api/user-profiles/{user_id}/avatar", "postUserProfilesByUserIdAvatar"],
    ["GET", "/api/feed.xml", "getFeedXml"],
    ["GET", "/api", "getApi"],
    ["GET", "/", "getRoot"],
    ["GET", "/blog/posts", "getBlogPosts"],
    ["PUT", "/api/caf%C3%A9", "putCaf"],
  ];
  for (const [method, template, id] of table) {
    await t.step(`${method} ${template} → ${id}`, () => {
      assert.equal(deriveOperationId(method, template), id);
    });
  }
});

Deno.test("deriveTag - the first segment after /api", async (t) => {
  const table: Array<[string, string]> = [
    ["/api/notes", "notes"],
    ["/api/notes/{id}/tags", "notes"],
    ["/api", "api"],
    ["/blog/posts", "blog"],
    ["/api/{tenant}/x", "root"],
    ["/", "root"],
    ["/api/a%20b", "a b"],
  ];
  for (const [template, tag] of table) {
    await t.step(`${template} → ${tag}`, () => assert.equal(deriveTag(template), tag));
  }
});

Deno.test("createIdAllocator - a clash gets the next free number, reserved ids stay reserved", () => {
  const ids = createIdAllocator();
  assert.equal(ids.reserve("getAB"), true);
  assert.equal(ids.reserve("getAB"), false);
  assert.equal(ids.take("getAB"), "getAB2");
  assert.equal(ids.take("getAB"), "getAB3");
  assert.equal(ids.take("getC"), "getC");
});
