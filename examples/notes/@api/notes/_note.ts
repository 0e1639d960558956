// Not a route (the leading underscore): input validation shared by the note functions. On apifn
// the `openapi` operations have already checked the body; the example also runs on Redocly,
// which does not check it, so the functions still read it through here.

/** A note as clients send it. */
export interface NoteInput {
  title: string;
  content: string;
}

/** Reads and validates a note from a JSON request body. */
export async function readNote(request: Request): Promise<NoteInput | { error: string }> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return { error: "Request body must be JSON" };
  }
  const { title, content = "" } = (body ?? {}) as Record<string, unknown>;
  if (typeof title !== "string" || title.trim() === "") {
    return { error: "'title' is required and must be a non-empty string" };
  }
  if (title.length > 200) return { error: "'title' must be at most 200 characters" };
  if (typeof content !== "string") return { error: "'content' must be a string" };
  return { title: title.trim(), content };
}

/** Whether `id` has the shape of a note id (anything else cannot name a note: 404). */
export function isNoteId(id: unknown): id is string {
  return typeof id === "string" && /^[0-9a-z]{1,64}$/.test(id);
}
