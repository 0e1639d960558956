// PUT /api/notes/:id {"title": "…", "content": "…"} — replaces a note's text.
import type { ApiFunctionsContext } from "@redocly/config";
import type { OpenApiOperation } from "@apifn/core";
import { badRequest, errorResponse, noteId, noteInput, oneNote } from "./_schemas.ts";
import { isNoteId, readNote } from "./_note.ts";

export const openapi: OpenApiOperation = {
  summary: "Replace a note's text",
  parameters: [noteId],
  requestBody: { required: true, content: { "application/json": noteInput } },
  responses: {
    200: oneNote("The note, updated."),
    400: badRequest,
    404: errorResponse("No such note."),
    415: { description: "The body is not JSON.", content: { "application/problem+json": {} } },
  },
};

export default async function updateNote(request: Request, context: ApiFunctionsContext) {
  const input = await readNote(request);
  if ("error" in input) return context.status(400).json(input);
  const owner = context.user.email ?? "anonymous";
  const id = context.params.id;
  if (!isNoteId(id)) return context.status(404).json({ error: `Note '${id}' not found` });
  const kv = await context.getKv();
  // Read-modify-write in a transaction: a concurrent delete is never undone.
  const note = await kv.transaction(async (tx) => {
    const current = await tx.get<Record<string, unknown>>(["notes", owner, id]);
    if (current === null) return null;
    const next = { ...current, ...input, updatedAt: new Date().toISOString() };
    await tx.set(["notes", owner, id], next);
    return next;
  });
  if (note === null) return context.status(404).json({ error: `Note '${id}' not found` });
  return context.json({ note: { id, ...note } });
}
