// GET /api/ping — answers {"pong":true}. The rate limit is the folder's _middleware.ts: over it,
// the client gets 429 before this function runs.
import type { ApiFunctionsContext } from "@redocly/config";

export default function ping(_request: Request, context: ApiFunctionsContext) {
  return context.json({ pong: true });
}
