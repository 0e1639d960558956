// GET /api/items?limit=20 — one page of items, with the exact `total`.
import type { ApiFunctionsContext } from "../../../mod.ts";

export default async function listItems(_request: Request, context: ApiFunctionsContext) {
  const limit = Math.min(Number(context.query.limit ?? 20) || 20, 100);
  const kv = await context.getKv();
  const page = await kv.list({ prefix: ["items"] }, { limit });
  return context.json({
    items: page.items.map((entry) => entry.value),
    total: page.total,
    cursor: page.cursor,
  });
}
