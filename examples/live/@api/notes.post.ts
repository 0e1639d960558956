// POST /api/notes {"text": "…"} — adds a note; every open page shows it.
import type { ApiFunctionsContext } from "@apifn/core";

export default async function addNote(request: Request, context: ApiFunctionsContext) {
  const body = await request.json().catch(() => null);
  const text = body?.text;
  if (typeof text !== "string" || text.trim() === "" || text.length > 500) {
    return context.status(400).json({ error: "'text' must be a string of 1 to 500 characters" });
  }
  // Time-ordered ids: the list is in creation order.
  const id = Date.now().toString(36).padStart(9, "0") + crypto.randomUUID().slice(0, 8);
  const kv = await context.getKv();
  await kv.set(["notes", id], { text: text.trim() });
  return context.status(201).json({ id, text: text.trim() });
}
