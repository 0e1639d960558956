// GET /api/views?limit=20&cursor=… — every counted page, in page-name order, paginated.
import type { ApiFunctionsContext } from "@redocly/config";

export default async function listViews(_request: Request, context: ApiFunctionsContext) {
  const limit = Math.min(Number(context.query.limit ?? 20) || 20, 100);
  const cursor = typeof context.query.cursor === "string" ? context.query.cursor : undefined;
  const kv = await context.getKv();
  const page = await kv.list<number>({ prefix: ["views"] }, {
    limit,
    ...(cursor ? { cursor } : {}),
  });
  return context.json({
    pages: page.items.map((item) => ({ page: item.key[1], views: item.value })),
    total: page.total,
    nextCursor: page.cursor,
  });
}
