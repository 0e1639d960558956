// GET /api/books?limit=20 — `listBooks` in openapi.yaml. apifn has checked `limit` against the
// description (an integer from 1 to 50) before this runs.
import type { ApiFunctionsContext } from "@redocly/config";

export default async function listBooks(_request: Request, context: ApiFunctionsContext) {
  const limit = Number(context.query.limit ?? 20);
  const kv = await context.getKv();
  const page = await kv.list<Record<string, unknown>>({ prefix: ["books"] }, { limit });
  return context.json({ books: page.items.map((item) => ({ id: item.key[1], ...item.value })) });
}
