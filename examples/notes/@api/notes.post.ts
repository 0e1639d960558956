// POST /api/notes {"title": "…", "content": "…"} — creates a note.
//
// With an `Idempotency-Key` header, a retried request (the client timed out, got a 504, lost
// the connection) creates nothing new: it gets the first answer again, marked
// `Idempotent-Replayed: true`. The note and the key's record are written in one transaction,
// so a retry racing the first attempt, or the first attempt finishing after its 504, still
// makes exactly one note.
import type { ApiFunctionsContext } from "@redocly/config";
import type { OpenApiOperation } from "@apifn/core";
import { badRequest, errorResponse, noteInput, oneNote } from "./notes/_schemas.ts";
import { type NoteInput, readNote } from "./notes/_note.ts";

/** How long a key is remembered: retries come within minutes, not days. */
const KEY_TTL_SECONDS = 24 * 60 * 60;

interface Done {
  id: string;
  note: NoteInput & { createdAt: string };
}

export const openapi: OpenApiOperation = {
  summary: "Create a note",
  parameters: [{
    name: "Idempotency-Key",
    in: "header",
    description: "Retries with the same key create one note.",
    schema: { type: "string", pattern: "^[\\x21-\\x7e]{1,255}$" },
  }],
  requestBody: { required: true, content: { "application/json": noteInput } },
  responses: {
    201: oneNote("Created (or, with a known Idempotency-Key, the first answer again)."),
    400: badRequest,
    415: { description: "The body is not JSON.", content: { "application/problem+json": {} } },
    422: errorResponse("The Idempotency-Key was used for a different note."),
  },
};

export default async function createNote(request: Request, context: ApiFunctionsContext) {
  const input = await readNote(request);
  if ("error" in input) return context.status(400).json(input);
  const key = request.headers.get("idempotency-key");
  if (key !== null && !/^[\x21-\x7e]{1,255}$/.test(key)) {
    return context.status(400).json({
      error: "'Idempotency-Key' must be 1 to 255 visible ASCII characters",
    });
  }
  const owner = context.user.email ?? "anonymous";
  // Time-ordered ids: listing by key lists notes by creation time.
  const id = Date.now().toString(36).padStart(9, "0") + crypto.randomUUID().slice(0, 8);
  const note = { ...input, createdAt: new Date().toISOString() };
  const kv = await context.getKv();
  if (key === null) {
    await kv.set(["notes", owner, id], note);
    return context.status(201).json({ note: { id, ...note } });
  }
  const outcome = await kv.transaction(async (tx) => {
    const done = await tx.get<Done>(["idempotency", owner, key]);
    if (done !== null) return { replayed: true, done };
    await tx.set(["notes", owner, id], note);
    await tx.set(["idempotency", owner, key], { id, note }, { ttlInSeconds: KEY_TTL_SECONDS });
    return { replayed: false, done: { id, note } };
  });
  const { done, replayed } = outcome;
  if (replayed && (done.note.title !== note.title || done.note.content !== note.content)) {
    return context.status(422).json({
      error: "This Idempotency-Key was used for a different note",
    });
  }
  const response = context.status(201).json({ note: { id: done.id, ...done.note } });
  if (replayed) response.headers.set("idempotent-replayed", "true");
  return response;
}
