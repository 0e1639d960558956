// GET /api/views/:page — the page's view count (0 for a page never viewed).
import type { ApiFunctionsContext } from "@redocly/config";

export default async function getViews(_request: Request, context: ApiFunctionsContext) {
  const page = context.params.page as string;
  const kv = await context.getKv();
  return context.json({ page, views: (await kv.get<number>(["views", page])) ?? 0 });
}
