/**
 * The KV browser's JSON API, on the store's public API: pages by cursor (never more than one page
 * per request), the tree, one entry, set (with a TTL), TTL changes, delete, NDJSON export and
 * all-or-nothing import.
 *
 * @module
 */
import { HttpError } from "../http/errors.ts";
import { type ConsoleStore, exportEntries, importEntries } from "./kv_transfer.ts";
import type { KvKey, KvKeyPart, KvListSelector } from "../types.ts";
import { listChildren } from "./kv_tree.ts";

/** Entries per page in the browser. */
const PAGE = 50;
/** Characters of a value shown in a page (the entry view shows all of it). */
const PREVIEW = 160;

function parseJson(text: string | null, name: string): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, `Cannot parse ${name} '${text}': expected JSON, e.g. ["notes", 1]`);
  }
}

function asKey(value: unknown, name: string, empty = false): KvKey {
  const ok = Array.isArray(value) && (empty || value.length > 0) &&
    value.every((p) => typeof p === "string" || typeof p === "boolean" || Number.isFinite(p));
  if (!ok) {
    throw new HttpError(
      400,
      `Cannot use ${name} ${
        JSON.stringify(value)
      }: expected an array of strings, numbers and booleans`,
    );
  }
  return value as KvKey;
}

/** Runs a store call; its TypeError / RangeError (a bad key, a value over 1 MB) answers 400. */
async function store<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof TypeError || error instanceof RangeError) {
      throw new HttpError(400, error.message);
    }
    if (error instanceof Error && /exceeds the maximum allowed size/.test(error.message)) {
      throw new HttpError(413, error.message);
    }
    throw error;
  }
}

function selectorOf(params: URLSearchParams): KvListSelector {
  const prefix = parseJson(params.get("prefix"), "prefix");
  const start = parseJson(params.get("start"), "start");
  const end = parseJson(params.get("end"), "end");
  if (prefix === undefined) {
    if (start === undefined || end === undefined) {
      throw new HttpError(400, "Cannot list: give a prefix, or both start and end");
    }
    return { start: asKey(start, "start"), end: asKey(end, "end") };
  }
  const base = { prefix: asKey(prefix, "prefix", true) };
  if (start !== undefined && end !== undefined) {
    throw new HttpError(400, "Cannot list with a prefix, start and end: give at most one bound");
  }
  if (start !== undefined) return { ...base, start: asKey(start, "start") };
  if (end !== undefined) return { ...base, end: asKey(end, "end") };
  return base;
}

function preview(value: unknown): { preview: string; size: number } {
  const text = JSON.stringify(value) ?? "null";
  const size = new TextEncoder().encode(text).length;
  return { preview: text.length > PREVIEW ? `${text.slice(0, PREVIEW)}…` : text, size };
}

/**
 * Answers one KV request of the console.
 *
 * @param request The request.
 * @param action The path after `/_apifn/console/api/kv/`.
 * @param kv The app's store.
 * @returns The JSON (or NDJSON) response.
 */
export async function answerKv(
  request: Request,
  action: string,
  kv: ConsoleStore,
): Promise<Response> {
  const url = new URL(request.url);
  const params = url.searchParams;
  const route = `${request.method} ${action}`;
  switch (route) {
    case "GET list": {
      const reverse = params.get("reverse") === "1";
      const cursor = params.get("cursor") ?? undefined;
      const page = await store(() =>
        kv.list(selectorOf(params), { limit: PAGE, reverse, ...(cursor ? { cursor } : {}) })
      );
      const keys = page.items.map((item) => item.key);
      const expiries = kv.getEntries ? await kv.getEntries(keys) : [];
      const items = page.items.map((item, i) => ({
        key: item.key,
        ...preview(item.value),
        expiresAt: expiries[i]?.expiresAt ?? null,
      }));
      return Response.json({ items, total: page.total, cursor: page.cursor });
    }
    case "GET tree": {
      const prefix = asKey(parseJson(params.get("prefix"), "prefix") ?? [], "prefix", true);
      const after = parseJson(params.get("after"), "after") as KvKeyPart | undefined;
      if (after !== undefined) asKey([after], "after");
      return Response.json(await store(() => listChildren(kv, prefix, { after })));
    }
    case "GET entry": {
      const key = asKey(parseJson(params.get("key"), "key"), "key");
      const [found]: ({ value: unknown; expiresAt?: number } | null)[] = kv.getEntries
        ? await store(() => kv.getEntries!([key]))
        : [await store(() => kv.get(key)).then((value) => value === null ? null : { value })];
      if (!found) throw new HttpError(404, `No entry at key ${JSON.stringify(key)}`);
      return Response.json({ key, value: found.value, expiresAt: found.expiresAt ?? null });
    }
    case "PUT entry":
      return await putEntry(request, kv);
    case "POST ttl": {
      const body = await readJson(request);
      const key = asKey(body.key, "key");
      const ttl = ttlOf(body.ttlSeconds);
      // Read and rewrite in one transaction: a concurrent change of the value is not lost.
      const found = await store(() =>
        kv.transaction(async (tx) => {
          const value = await tx.get(key);
          if (value === null) return false;
          await tx.set(key, value, ttl === undefined ? undefined : { ttlInSeconds: ttl });
          return true;
        })
      );
      if (!found) throw new HttpError(404, `No entry at key ${JSON.stringify(key)}`);
      return Response.json({ key, ttlSeconds: ttl ?? null });
    }
    case "DELETE entry": {
      const key = asKey(parseJson(params.get("key"), "key"), "key");
      await store(() => kv.delete(key));
      return Response.json({ key, deleted: true });
    }
    case "GET export": {
      const prefix = asKey(parseJson(params.get("prefix"), "prefix") ?? [], "prefix", true);
      return exportEntries(kv, prefix);
    }
    case "POST import":
      return await importEntries(request, kv);
    default:
      throw new HttpError(404, `No console KV action '${route}'`);
  }
}

async function readJson(request: Request): Promise<Record<string, unknown>> {
  try {
    const body = await request.json();
    if (body !== null && typeof body === "object" && !Array.isArray(body)) return body;
  } catch {
    // Answered below.
  }
  throw new HttpError(400, "Cannot parse the request body: expected a JSON object");
}

function ttlOf(value: unknown): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== "number" || !(value > 0) || !Number.isFinite(value)) {
    throw new HttpError(
      400,
      `Cannot use ttlSeconds ${JSON.stringify(value)}: expected a number > 0`,
    );
  }
  return value;
}

async function putEntry(request: Request, kv: ConsoleStore): Promise<Response> {
  const body = await readJson(request);
  const key = asKey(body.key, "key");
  if (!("value" in body)) throw new HttpError(400, "Cannot save an entry without a value");
  const ttl = ttlOf(body.ttlSeconds);
  const options = ttl === undefined ? undefined : { ttlInSeconds: ttl };
  if (body.create === true) {
    const created = await store(() =>
      kv.transaction(async (tx) => {
        if (await tx.get(key) !== null) return false;
        await tx.set(key, body.value, options);
        return true;
      })
    );
    if (!created) throw new HttpError(409, `An entry exists at key ${JSON.stringify(key)}`);
  } else {
    await store(() => kv.set(key, body.value, options));
  }
  return Response.json({ key, ttlSeconds: ttl ?? null });
}
