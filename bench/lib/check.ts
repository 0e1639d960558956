/**
 * Sanity checks before measuring: every server answers the four scenarios correctly (a fast
 * wrong answer would make a meaningless benchmark).
 *
 * @module
 */
import assert from "node:assert/strict";

/**
 * Checks the four benchmark endpoints of a server.
 *
 * @param url The server's base URL.
 * @param options `apifn`: also expect the exact `total`; `items`: how many were seeded.
 * @returns When every check passed (throws otherwise).
 *
 * @example Usage
 * ```ts ignore
 * import { checkServer } from "./check.ts";
 *
 * await checkServer("http://127.0.0.1:8000", { apifn: true, items: 1000 });
 * ```
 */
export async function checkServer(
  url: string,
  options: { apifn: boolean; items: number },
): Promise<void> {
  const get = async (path: string) => {
    const response = await fetch(`${url}${path}`);
    assert.equal(response.status, 200, `GET ${path}`);
    return await response.json();
  };
  assert.deepEqual(await get("/api/hello"), { hello: "world" });
  assert.equal((await get("/api/items/0042")).item.id, "0042");
  const page = await get("/api/items?limit=20");
  assert.equal(page.items.length, 20);
  assert.equal(page.items[0].id, "0000");
  if (options.apifn) assert.equal(page.total, options.items, "apifn total");
  else assert.equal(page.total, undefined);
  const created = await fetch(`${url}/api/items`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ title: "check", content: "x" }),
  });
  assert.equal(created.status, 201);
  const { item } = await created.json();
  assert.equal(item.title, "check");
}
