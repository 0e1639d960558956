// POST /api/views/:page — counts one view of a page and returns the new count.
// A transaction makes concurrent views never lose a count.
import type { ApiFunctionsContext } from "@redocly/config";

export default async function countView(_request: Request, context: ApiFunctionsContext) {
  const page = context.params.page as string;
  const kv = await context.getKv();
  const views = await kv.transaction(async (tx) => {
    const next = ((await tx.get<number>(["views", page])) ?? 0) + 1;
    await tx.set(["views", page], next);
    return next;
  });
  return context.json({ page, views });
}
