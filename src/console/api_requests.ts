/**
 * The requests view's JSON API: the log, one request (masked), and a replay, optionally edited,
 * through the app itself (it shows up in the log like any request).
 *
 * @module
 */
import { SNAPSHOT_BYTES } from "../app/observe.ts";
import { HttpError } from "../http/errors.ts";
import { copyRemoteAddress } from "../http/remote_addr.ts";
import { isMasked, maskHeaders, type RequestLog } from "./requests.ts";

/** A replay's edits: every field optional (the original's is used). */
interface ReplayEdits {
  method?: string;
  path?: string;
  headers?: [string, string][];
  body?: string | null;
}

function editsOf(value: unknown): ReplayEdits {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new HttpError(400, "Cannot replay: expected a JSON object of edits");
  }
  const edits = value as Record<string, unknown>;
  if (edits.method !== undefined && !/^[A-Z]{1,20}$/.test(String(edits.method))) {
    throw new HttpError(400, `Cannot replay with method '${String(edits.method)}'`);
  }
  if (edits.path !== undefined && !(typeof edits.path === "string" && edits.path.startsWith("/"))) {
    throw new HttpError(400, `Cannot replay path '${String(edits.path)}': expected '/…'`);
  }
  const headers = edits.headers;
  if (
    headers !== undefined &&
    !(Array.isArray(headers) &&
      headers.every((h) =>
        Array.isArray(h) && h.length === 2 && h.every((s) => typeof s === "string")
      ))
  ) {
    throw new HttpError(400, "Cannot replay: headers must be [name, value] pairs");
  }
  if (edits.body !== undefined && edits.body !== null && typeof edits.body !== "string") {
    throw new HttpError(400, "Cannot replay: body must be a string");
  }
  return edits as ReplayEdits;
}

/**
 * Answers one requests-view call.
 *
 * @param request The console request.
 * @param action The path after `/_apifn/console/api/requests`.
 * @param log The request log.
 * @param send Sends a request through the app (for a replay).
 * @returns The response.
 */
export async function answerRequests(
  request: Request,
  action: string,
  log: RequestLog,
  send: (request: Request) => Promise<Response>,
): Promise<Response> {
  if (action === "" && request.method === "GET") return Response.json({ requests: log.list() });
  const match = /^\/(\d+)(\/replay)?$/.exec(action);
  const item = match ? log.get(Number(match[1])) : undefined;
  if (!match || !item) throw new HttpError(404, `No logged request '${action.slice(1)}'`);
  if (!match[2] && request.method === "GET") return Response.json(log.detail(item.id));
  if (!match[2] || request.method !== "POST") throw new HttpError(405);
  const edits = editsOf(await request.json().catch(() => null));
  const original = item.info;
  const url = new URL(edits.path ?? new URL(original.url).pathname, original.url);
  if (edits.path === undefined) url.search = new URL(original.url).search;
  const headers = new Headers();
  const kept = new Map(original.request.headers.map(([n, v]) => [n.toLowerCase(), v]));
  for (const [name, value] of edits.headers ?? original.request.headers) {
    // A value left masked is sent as it was received.
    const sent = isMasked(value) ? kept.get(name.toLowerCase()) ?? "" : value;
    try {
      headers.append(name, sent);
    } catch {
      throw new HttpError(400, `Cannot replay with header '${name}'`);
    }
  }
  const method = edits.method ?? original.method;
  const body = method === "GET" || method === "HEAD"
    ? null
    : edits.body !== undefined
    ? edits.body
    : original.request.body?.text ?? null;
  headers.delete("content-length");
  const replay = new Request(url, { method, headers, body });
  copyRemoteAddress(request, replay);
  const started = performance.now();
  const response = await send(replay);
  const durationMs = performance.now() - started;
  const text = await readStart(response);
  return Response.json({
    status: response.status,
    durationMs: Math.round(durationMs * 10) / 10,
    headers: maskHeaders([...response.headers]),
    body: text,
  });
}

/** The first 64 KB of a response body, as text. */
async function readStart(response: Response): Promise<{ text: string; truncated: boolean }> {
  if (response.body === null) return { text: "", truncated: false };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  let truncated = false;
  for (;;) {
    const next = await reader.read();
    if (next.done) break;
    chunks.push(next.value);
    bytes += next.value.length;
    if (bytes >= SNAPSHOT_BYTES) {
      truncated = true;
      await reader.cancel();
      break;
    }
  }
  const all = new Uint8Array(bytes);
  let at = 0;
  for (const chunk of chunks) all.set(chunk, (at += chunk.length) - chunk.length);
  return { text: new TextDecoder().decode(all.subarray(0, SNAPSHOT_BYTES)), truncated };
}
