// DELETE /api/notes/:id — removes a note from every open page.
import type { ApiFunctionsContext } from "@apifn/core";

export default async function deleteNote(_request: Request, context: ApiFunctionsContext) {
  const kv = await context.getKv();
  await kv.delete(["notes", String(context.params.id)]);
  return new Response(null, { status: 204 });
}
