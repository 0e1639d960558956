/**
 * The KV browser's NDJSON export of a prefix and its all-or-nothing import, through
 * `exportKv` / `importKv` (the CLI's format and validation).
 *
 * @module
 */
import { HttpError } from "../http/errors.ts";
import type { KvStore } from "../kv/api/store.ts";
import { exportKv, importKv, KvImportError } from "../kv/transfer/ndjson.ts";
import type { KvKey, KvService } from "../types.ts";

/** The store operations the console needs beyond `KvService` (every store apifn opens has them). */
export type ConsoleStore = KvService & Partial<Pick<KvStore, "getEntries" | "entries">>;

/** The largest NDJSON file the console imports. */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

/**
 * Streams the entries under `prefix` as NDJSON, as a download.
 *
 * @param kv The store.
 * @param prefix The prefix shown.
 * @returns The response.
 */
export function exportEntries(kv: ConsoleStore, prefix: KvKey): Response {
  if (!kv.entries) throw new HttpError(501, "This store cannot export (not an apifn store)");
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  exportKv(kv as KvStore, writable, { prefix }).then(
    () => writable.close(),
    (error) => writable.abort(error),
  );
  return new Response(readable, {
    headers: {
      "content-type": "application/x-ndjson; charset=utf-8",
      "content-disposition": 'attachment; filename="kv-export.ndjson"',
    },
  });
}

/**
 * Imports the NDJSON body of `request`: every line checked first, nothing written when one is bad.
 *
 * @param request The upload.
 * @param kv The store.
 * @returns `{ count, expired }`.
 */
export async function importEntries(request: Request, kv: ConsoleStore): Promise<Response> {
  if (!kv.entries) throw new HttpError(501, "This store cannot import (not an apifn store)");
  const length = Number(request.headers.get("content-length") ?? "0");
  if (length > MAX_IMPORT_BYTES || request.body === null) {
    throw new HttpError(413, `Cannot import more than ${MAX_IMPORT_BYTES} bytes from the console`);
  }
  let seen = 0;
  const limited = request.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.length;
        if (seen > MAX_IMPORT_BYTES) throw new HttpError(413, "The import file is too large");
        controller.enqueue(chunk);
      },
    }),
  );
  try {
    return Response.json(await importKv(kv as KvStore, limited));
  } catch (error) {
    if (error instanceof KvImportError) throw new HttpError(400, error.message);
    throw error;
  }
}
