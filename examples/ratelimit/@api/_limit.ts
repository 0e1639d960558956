// Not a route (leading underscore): a per-IP rate limit on the KV store.
//
// Each client IP gets a window that starts with its first request and lasts
// RATE_WINDOW_SECONDS (default 60); within it, RATE_LIMIT requests (default 5) are
// allowed. The counter's TTL ends with the window, so the store cleans itself up.
import type { ApiFunctionsContext } from "@redocly/config";
import { remoteAddress } from "@apifn/core";

/** The client IP: the first `x-forwarded-for` item (set by proxies), else the peer address. */
export function clientIp(request: Request): string {
  const forwarded = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || remoteAddress(request)?.hostname || "unknown";
}

/** Counts a request: `{ limited }` (a 429 with Retry-After) when over the limit, else `{ remaining }`. */
export async function rateLimit(
  request: Request,
  context: ApiFunctionsContext,
): Promise<{ limited: Response } | { remaining: number }> {
  const limit = Number(process.env.RATE_LIMIT ?? 5);
  const windowMs = Number(process.env.RATE_WINDOW_SECONDS ?? 60) * 1000;
  const key = ["ratelimit", clientIp(request)];
  const kv = await context.getKv();
  const result = await kv.transaction(async (tx) => {
    const now = Date.now();
    const current = await tx.get<{ count: number; resetAt: number }>(key);
    const window = current ?? { count: 0, resetAt: now + windowMs };
    if (window.count >= limit) return { allowed: false, resetAt: window.resetAt, now };
    const next = { count: window.count + 1, resetAt: window.resetAt };
    await tx.set(key, next, { ttlInSeconds: Math.max(window.resetAt - now, 1) / 1000 });
    return { allowed: true, remaining: limit - next.count, resetAt: window.resetAt, now };
  });
  if (result.allowed) return { remaining: result.remaining! };
  const retryAfter = Math.max(1, Math.ceil((result.resetAt - result.now) / 1000));
  return {
    limited: new Response(JSON.stringify({ error: "Too many requests", retryAfter }), {
      status: 429,
      headers: { "content-type": "application/json", "retry-after": String(retryAfter) },
    }),
  };
}
