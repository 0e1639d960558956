// POST /api/notes {"title": "…", "content": "…"} — creates a note.
import type { ApiFunctionsContext } from "@redocly/config";
import { readNote } from "./notes/_note.ts";

export default async function createNote(request: Request, context: ApiFunctionsContext) {
  const input = await readNote(request);
  if ("error" in input) return context.status(400).json(input);
  const owner = context.user.email ?? "anonymous";
  // Time-ordered ids: listing by key lists notes by creation time.
  const id = Date.now().toString(36).padStart(9, "0") + crypto.randomUUID().slice(0, 8);
  const note = { ...input, createdAt: new Date().toISOString() };
  const kv = await context.getKv();
  await kv.set(["notes", owner, id], note);
  return context.status(201).json({ note: { id, ...note } });
}
