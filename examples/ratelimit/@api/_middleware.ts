// Not a route (leading underscore): the middleware chain runs it before every function in
// this folder and below. A per-IP rate limit on the KV store: RATE_LIMIT requests (default 5) per
// RATE_WINDOW_SECONDS (default 60), the window starting with the client's first request; the
// counters expire with their window. Every response carries RateLimit-Policy and RateLimit; a
// client over the limit gets 429 with Retry-After.
import { rateLimit, remoteAddress } from "@apifn/core";

/** The client IP: the first `x-forwarded-for` item (set by proxies), else the peer address. */
export function clientIp(request: Request): string {
  const forwarded = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || remoteAddress(request)?.hostname || "unknown";
}

export default rateLimit({
  window: Number(process.env.RATE_WINDOW_SECONDS ?? 60),
  max: Number(process.env.RATE_LIMIT ?? 5),
  key: clientIp,
});
