// GET /api/books?limit=20 — `listBooks` in openapi.yaml. apifn has checked `limit` against the
// description (an integer from 1 to 50) before this runs; readValidated gives it as a number.
import type { ApiFunctionsContext } from "@redocly/config";
import { readValidated } from "@apifn/core";

export default async function listBooks(_request: Request, context: ApiFunctionsContext) {
  const limit = (readValidated(context)?.query.limit as number | undefined) ?? 20;
  const kv = await context.getKv();
  const page = await kv.list<Record<string, unknown>>({ prefix: ["books"] }, { limit });
  return context.json({ books: page.items.map((item) => ({ id: item.key[1], ...item.value })) });
}
