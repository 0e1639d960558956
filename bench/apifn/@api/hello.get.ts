// GET /api/hello — constant JSON (the framework's fixed cost per request).
import type { ApiFunctionsContext } from "../../../mod.ts";

export default function hello(_request: Request, context: ApiFunctionsContext) {
  return context.json({ hello: "world" });
}
