/** Shared helpers of the KV Connect end-to-end tests. */
import assert from "node:assert/strict";
import type { OpenKvOptions } from "../../src/kv/engine/open.ts";
import type { KvStore } from "../../src/kv/api/store.ts";
import { openRemoteStore } from "./fixtures/kv_connect/remote_store.ts";
import { type KvConnectServer, startKvConnectServer } from "./fixtures/kv_connect/server.ts";

export const TOKEN = "kv-connect-test-token";

/** Starts a server, opens a store on it, runs `body`, and closes both. */
export async function withRemote(
  body: (store: KvStore, server: KvConnectServer) => Promise<void>,
  options: OpenKvOptions = {},
): Promise<void> {
  const server = await startKvConnectServer({ token: TOKEN });
  try {
    const store = await openRemoteStore(server, { token: TOKEN, ...options });
    try {
      await body(store, server);
    } finally {
      await store.close();
    }
    assertWithinLimits(server);
  } finally {
    await server.close();
  }
}

/** The server never had to refuse a write for its checks, nor anything else. */
export function assertWithinLimits(server: KvConnectServer): void {
  assert.equal(server.stats.tooManyChecks, 0, server.stats.errors.join("\n"));
  assert.ok(server.stats.maxChecksSeen <= 10, `saw ${server.stats.maxChecksSeen} checks`);
  assert.deepEqual(server.stats.errors, []);
}

export function pad(i: number): string {
  return String(i).padStart(3, "0");
}
