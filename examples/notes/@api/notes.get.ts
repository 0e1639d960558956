// GET /api/notes?limit=20&cursor=… — the caller's notes, newest first, paginated.
import type { ApiFunctionsContext } from "@redocly/config";
import type { OpenApiOperation } from "@apifn/core";
import { badRequest, notePage } from "./notes/_schemas.ts";

export const openapi: OpenApiOperation = {
  summary: "List notes",
  parameters: [
    { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 100 } },
    {
      name: "cursor",
      in: "query",
      description: "From a previous page.",
      schema: { type: "string" },
    },
  ],
  responses: { 200: notePage, 400: badRequest },
};

export default async function listNotes(_request: Request, context: ApiFunctionsContext) {
  const owner = context.user.email ?? "anonymous";
  const limit = Math.min(Number(context.query.limit ?? 20) || 20, 100);
  const cursor = typeof context.query.cursor === "string" ? context.query.cursor : undefined;
  const kv = await context.getKv();
  try {
    const page = await kv.list<{ title: string; content: string }>(
      { prefix: ["notes", owner] },
      { limit, reverse: true, ...(cursor ? { cursor } : {}) },
    );
    return context.json({
      notes: page.items.map((item) => ({ id: item.key[2], ...item.value })),
      total: page.total,
      nextCursor: page.cursor,
      hasMore: page.cursor !== null,
    });
  } catch (error) {
    if (error instanceof TypeError || error instanceof RangeError) {
      return context.status(400).json({ error: error.message });
    }
    throw error;
  }
}
