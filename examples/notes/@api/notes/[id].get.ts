// GET /api/notes/:id — one note.
import type { ApiFunctionsContext } from "@redocly/config";
import { isNoteId } from "./_note.ts";

export default async function getNote(_request: Request, context: ApiFunctionsContext) {
  const owner = context.user.email ?? "anonymous";
  const id = context.params.id;
  if (!isNoteId(id)) return context.status(404).json({ error: `Note '${id}' not found` });
  const kv = await context.getKv();
  const note = await kv.get<Record<string, unknown>>(["notes", owner, id]);
  if (note === null) return context.status(404).json({ error: `Note '${id}' not found` });
  return context.json({ note: { id, ...note } });
}
