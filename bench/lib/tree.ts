/**
 * Generated function folders for the scaling benchmarks: REST-like resources of 5 routes each
 * (`GET|POST /api/rNNNN/items`, `GET|PUT|DELETE /api/rNNNN/items/[id]`).
 *
 * @module
 */

/**
 * Writes a project with `routes` function files (a multiple of 5) under `<dir>/@api`.
 *
 * @param dir The project root (created).
 * @param routes How many routes (and files).
 * @returns When written.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { writeTree } from "./tree.ts";
 *
 * const dir = await Deno.makeTempDir();
 * await writeTree(dir, 10);
 * const text = await Deno.readTextFile(`${dir}/@api/r0001/items/[id].get.ts`);
 * assert.match(text, /params\.id/);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeTree(dir: string, routes: number): Promise<void> {
  if (routes % 5 !== 0) throw new RangeError(`Cannot write ${routes} routes: not a multiple of 5`);
  const writes: Promise<void>[] = [];
  for (let i = 0; i < routes / 5; i++) {
    const name = `r${String(i).padStart(4, "0")}`;
    const base = `${dir}/@api/${name}`;
    await Deno.mkdir(`${base}/items`, { recursive: true });
    const collection = `export default function (_request, context) {
  return context.json({ resource: "${name}" });
}
`;
    const item = `export default function (_request, context) {
  return context.json({ resource: "${name}", id: context.params.id });
}
`;
    writes.push(
      Deno.writeTextFile(`${base}/items.get.ts`, collection),
      Deno.writeTextFile(`${base}/items.post.ts`, collection),
      Deno.writeTextFile(`${base}/items/[id].get.ts`, item),
      Deno.writeTextFile(`${base}/items/[id].put.ts`, item),
      Deno.writeTextFile(`${base}/items/[id].delete.ts`, item),
    );
    if (writes.length >= 500) await Promise.all(writes.splice(0));
  }
  await Promise.all(writes);
}
