// GET /api/notes/events — Server-Sent Events: one per note added or deleted, by any process on
// the store. A reconnecting EventSource sends the last id it saw and resumes after it.
import type { ApiFunctionsContext } from "@apifn/core";

export default async function noteEvents(request: Request, context: ApiFunctionsContext) {
  const kv = await context.getKv();
  const since = request.headers.get("last-event-id");
  return context.sse(kv.watch({ prefix: ["notes"] }, { values: true, since }));
}
