// GET /api/ping — answers {"pong":true} until the client IP is over its limit, then 429.
import type { ApiFunctionsContext } from "@redocly/config";
import { rateLimit } from "./_limit.ts";

export default async function ping(request: Request, context: ApiFunctionsContext) {
  const check = await rateLimit(request, context);
  if ("limited" in check) return check.limited;
  return context.json({ pong: true, remaining: check.remaining });
}
