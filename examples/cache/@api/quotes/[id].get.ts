// GET /api/quotes/:id — a read-through cache of UPSTREAM_URL/quotes/:id.
//
// A hit is served from the KV store (x-cache: HIT); a miss fetches the upstream, stores
// successful answers for CACHE_TTL_SECONDS (default 30) and serves them (x-cache: MISS).
import type { ApiFunctionsContext } from "@redocly/config";

interface Cached {
  status: number;
  contentType: string;
  body: string;
}

export default async function quote(_request: Request, context: ApiFunctionsContext) {
  const upstream = process.env.UPSTREAM_URL;
  if (!upstream) return context.status(500).json({ error: "UPSTREAM_URL is not set" });
  const id = context.params.id as string;
  const kv = await context.getKv();
  const key = ["cache", "quotes", id];
  const hit = await kv.get<Cached>(key);
  if (hit) return reply(hit, "HIT");

  let response: Response;
  try {
    response = await fetch(`${upstream.replace(/\/$/, "")}/quotes/${encodeURIComponent(id)}`);
  } catch (error) {
    return context.status(502).json({ error: `Upstream unreachable: ${(error as Error).message}` });
  }
  const fresh: Cached = {
    status: response.status,
    contentType: response.headers.get("content-type") ?? "application/octet-stream",
    body: await response.text(),
  };
  if (response.ok) {
    const ttlInSeconds = Number(process.env.CACHE_TTL_SECONDS ?? 30);
    await kv.set(key, fresh, { ttlInSeconds });
  }
  return reply(fresh, "MISS");
}

function reply(cached: Cached, state: "HIT" | "MISS"): Response {
  return new Response(cached.body, {
    status: cached.status,
    headers: { "content-type": cached.contentType, "x-cache": state },
  });
}
