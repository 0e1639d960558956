// POST /api/books — `createBook` in openapi.yaml. The body has been checked against NewBook
// (components/schemas/NewBook.yaml) and parsed: a bad one never gets here (400 problem+json).
import type { ApiFunctionsContext } from "@redocly/config";

export default async function createBook(request: Request, context: ApiFunctionsContext) {
  const { title, author, year } = await request.json();
  // Time-ordered ids: listing by key lists books in the order they were added.
  const id = Date.now().toString(36) + crypto.randomUUID().slice(0, 8);
  const book = year === undefined ? { title, author } : { title, author, year };
  const kv = await context.getKv();
  await kv.set(["books", id], book);
  return context.status(201).json({ id, ...book });
}
