// DELETE /api/notes/:id — deletes a note.
import type { ApiFunctionsContext } from "@redocly/config";
import type { OpenApiOperation } from "@apifn/core";
import { errorResponse, noteId } from "./_schemas.ts";
import { isNoteId } from "./_note.ts";

export const openapi: OpenApiOperation = {
  summary: "Delete a note",
  parameters: [noteId],
  responses: {
    200: {
      description: "Deleted.",
      content: {
        "application/json": {
          schema: {
            type: "object",
            required: ["deleted"],
            properties: { deleted: { type: "string" } },
          },
        },
      },
    },
    404: errorResponse("No such note."),
  },
};

export default async function deleteNote(_request: Request, context: ApiFunctionsContext) {
  const owner = context.user.email ?? "anonymous";
  const id = context.params.id;
  if (!isNoteId(id)) return context.status(404).json({ error: `Note '${id}' not found` });
  const kv = await context.getKv();
  const deleted = await kv.transaction(async (tx) => {
    if ((await tx.get(["notes", owner, id])) === null) return false;
    await tx.delete(["notes", owner, id]);
    return true;
  });
  if (!deleted) return context.status(404).json({ error: `Note '${id}' not found` });
  return context.json({ deleted: id });
}
