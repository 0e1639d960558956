// GET /api/items/:id — one KV entry.
import type { ApiFunctionsContext } from "../../../../mod.ts";

export default async function getItem(_request: Request, context: ApiFunctionsContext) {
  const kv = await context.getKv();
  const item = await kv.get(["items", context.params.id as string]);
  if (item === null) return context.status(404).json({ error: "Not found" });
  return context.json({ item });
}
