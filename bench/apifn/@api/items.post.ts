// POST /api/items {"title", "content"} — creates an entry; answers after the commit.
import type { ApiFunctionsContext } from "../../../mod.ts";

export default async function createItem(request: Request, context: ApiFunctionsContext) {
  const body = await request.json() as { title?: unknown; content?: unknown };
  if (typeof body?.title !== "string") {
    return context.status(400).json({ error: "'title' must be a string" });
  }
  const id = crypto.randomUUID();
  const item = {
    id,
    title: body.title,
    content: String(body.content ?? ""),
    createdAt: Date.now(),
  };
  const kv = await context.getKv();
  await kv.set(["created", id], item);
  return context.status(201).json({ item });
}
