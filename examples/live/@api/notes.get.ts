// GET /api/notes — the latest 100 notes, newest first.
import type { ApiFunctionsContext } from "@apifn/core";

export default async function listNotes(_request: Request, context: ApiFunctionsContext) {
  const kv = await context.getKv();
  const page = await kv.list<{ text: string }>({ prefix: ["notes"] }, {
    limit: 100,
    reverse: true,
  });
  return context.json({ notes: page.items.map((item) => ({ id: item.key[1], ...item.value })) });
}
