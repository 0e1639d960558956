// GET /api/notes/:id — one note.
import type { ApiFunctionsContext } from "@redocly/config";
import type { OpenApiOperation } from "@apifn/core";
import { errorResponse, noteId, oneNote } from "./_schemas.ts";
import { isNoteId } from "./_note.ts";

export const openapi: OpenApiOperation = {
  summary: "Get a note",
  parameters: [noteId],
  responses: { 200: oneNote("The note."), 404: errorResponse("No such note.") },
};

export default async function getNote(_request: Request, context: ApiFunctionsContext) {
  const owner = context.user.email ?? "anonymous";
  const id = context.params.id;
  if (!isNoteId(id)) return context.status(404).json({ error: `Note '${id}' not found` });
  const kv = await context.getKv();
  const note = await kv.get<Record<string, unknown>>(["notes", owner, id]);
  if (note === null) return context.status(404).json({ error: `Note '${id}' not found` });
  return context.json({ note: { id, ...note } });
}
