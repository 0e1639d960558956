/**
 * The worker thread of the direct writer (`direct_write.ts`): one read-write
 * SQLite connection that runs each commit it is sent (`direct_commit.ts`), in
 * order. SQLite's `fsync` and lock waits block this thread, never the one that
 * serves requests.
 *
 * Messages in: `{ type: "open", path, identity, checkpointFrames }` first, then
 * `{ type: "commit", id, batch }` and finally `{ type: "close" }`. Messages out:
 * `{ type: "opened", ok }` (`ok: false`: the file could not be opened for
 * direct writes), then per commit `{ id, ok, version }`, `{ id, error, name }` or
 * `{ id, unavailable: true }` (not opened: nothing was written, commit through
 * Deno KV instead), and `{ type: "closed" }`.
 *
 * @module
 */
import { DatabaseSync } from "node:sqlite";
import {
  commitBatch,
  type DirectBatch,
  prepareSqlWriter,
  type SqlWriter,
} from "./direct_commit.ts";
import { openVerified } from "./direct_file.ts";

type Message =
  | { type: "open"; path: string; identity?: string; checkpointFrames: number }
  | { type: "commit"; id: number; batch: DirectBatch }
  | { type: "close" };

interface WorkerScope {
  onmessage: ((event: MessageEvent<Message>) => void) | null;
  postMessage(message: unknown): void;
}

const scope = globalThis as unknown as WorkerScope;
let writer: SqlWriter | undefined;

function open(path: string, identity: string | undefined, checkpointFrames: number): void {
  const db = openVerified(DatabaseSync, path, {
    identity,
    pragmas: [
      // Deno KV waits up to 5 s for another writer's lock too.
      "busy_timeout = 5000",
      // Durable as Deno KV's own commits: the WAL is synced before a commit returns.
      "synchronous = FULL",
      // Copy the WAL back into the file every `checkpointFrames` pages instead of SQLite's 1,000.
      `wal_autocheckpoint = ${Math.trunc(checkpointFrames)}`,
    ],
  });
  writer = db && prepareSqlWriter(db);
}

scope.onmessage = (event) => {
  const message = event.data;
  if (message.type === "open") {
    open(message.path, message.identity, message.checkpointFrames);
    scope.postMessage({ type: "opened", ok: writer !== undefined });
  } else if (message.type === "commit") {
    if (writer === undefined) {
      scope.postMessage({ id: message.id, unavailable: true });
      return;
    }
    try {
      scope.postMessage({ id: message.id, ...commitBatch(writer, message.batch) });
    } catch (error) {
      scope.postMessage({
        id: message.id,
        error: (error as Error)?.message ?? String(error),
        name: (error as Error)?.name ?? "Error",
      });
    }
  } else {
    try {
      writer?.db.close();
    } finally {
      writer = undefined;
      scope.postMessage({ type: "closed" });
    }
  }
};
