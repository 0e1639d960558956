// GET /api/books/{bookId} — `getBook` in openapi.yaml. Routes and operations match by method and
// path with parameter names left out; naming the file after the description's parameter keeps
// the names in 400 answers the ones clients read in the description.
import type { ApiFunctionsContext } from "@redocly/config";

export default async function getBook(_request: Request, context: ApiFunctionsContext) {
  const id = context.params.bookId as string;
  const kv = await context.getKv();
  const book = await kv.get<Record<string, unknown>>(["books", id]);
  if (book === null) return context.status(404).json({ error: `No book '${id}'` });
  return context.json({ id, ...book });
}
