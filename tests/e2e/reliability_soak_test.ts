/**
 * Soak: 32 concurrent clients mix writes, reads, list pages and TTL entries against a real
 * `apifn start` on a file store; every answer is checked (status and content). 0 errors,
 * p50/p99 printed. Short (5 s) by default; `APIFN_LONG=1` runs 60 s.
 */
import assert from "node:assert/strict";
import { LONG, payload, percentile, pool, removeStore, startApifn } from "./reliability_server.ts";

const SECONDS = LONG ? 60 : 5;
const CLIENTS = 32;

Deno.test("reliability - soak at 32 connections: no errors", async () => {
  const dir = await Deno.makeTempDir({ prefix: "apifn_soak_" });
  const kv = `${dir}/kv.sqlite3`;
  const server = await startApifn(kv);
  const latencies: number[] = [];
  const errors: string[] = [];
  const plain: { id: string; size: number }[] = [];
  const expiring: { id: string; size: number; earliestExpiry: number }[] = [];
  const counts = { write: 0, ttl: 0, read: 0, ttlRead: 0, list: 0, missing: 0 };
  const deadline = Date.now() + SECONDS * 1000;
  async function call(path: string, init?: RequestInit) {
    const started = performance.now();
    const response = await fetch(`${server.url}${path}`, init);
    const body = await response.json();
    latencies.push(performance.now() - started);
    return { status: response.status, body };
  }
  const post = (body: unknown) =>
    call("/api/entries", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  try {
    await pool(CLIENTS, async (i, loop) => {
      if (Date.now() > deadline) return false;
      const kind = i % 10;
      try {
        if (kind <= 2 || plain.length === 0) {
          const id = `p${loop}-${i}`;
          const size = 64 + (i * 31) % 1024;
          const { status } = await post({ id, size, data: payload(id, size) });
          if (status !== 201) errors.push(`POST ${id}: ${status}`);
          else plain.push({ id, size });
          counts.write++;
        } else if (kind === 3) {
          const id = `t${loop}-${i}`;
          const ttlMs = 1000 + (i * 7) % 2000;
          const earliestExpiry = Date.now() + ttlMs;
          const { status } = await post({ id, size: 16, data: payload(id, 16), ttlMs });
          if (status !== 201) errors.push(`POST ttl ${id}: ${status}`);
          else expiring.push({ id, size: 16, earliestExpiry });
          counts.ttl++;
        } else if (kind <= 6) {
          const entry = plain[(i * 7919) % plain.length]!;
          const { status, body } = await call(`/api/entries/${entry.id}`);
          if (status !== 200 || body.data !== payload(entry.id, entry.size)) {
            errors.push(`GET ${entry.id}: ${status}`);
          }
          counts.read++;
        } else if (kind === 7 && expiring.length > 0) {
          const entry = expiring[(i * 7919) % expiring.length]!;
          const { status, body } = await call(`/api/entries/${entry.id}`);
          const ok = status === 200
            ? body.data === payload(entry.id, entry.size)
            : status === 404 && Date.now() >= entry.earliestExpiry;
          if (!ok) errors.push(`GET ttl ${entry.id}: ${status}`);
          counts.ttlRead++;
        } else if (kind === 8) {
          const { status, body } = await call("/api/entries?limit=20");
          if (status !== 200 || body.ids.length > 20 || body.total < body.ids.length) {
            errors.push(`list: ${status}`);
          }
          counts.list++;
        } else {
          const { status } = await call(`/api/entries/missing-${i}`);
          if (status !== 404) errors.push(`GET missing: ${status}`);
          counts.missing++;
        }
      } catch (error) {
        errors.push(`request failed: ${(error as Error).message}`);
      }
    });
    const total = latencies.length;
    console.log(
      `soak: ${SECONDS} s × ${CLIENTS} clients, ${total} requests (${
        Math.round(total / SECONDS)
      }/s; ${JSON.stringify(counts)}), errors ${errors.length}, p50 ${
        percentile(latencies, 50).toFixed(1)
      } ms, p99 ${percentile(latencies, 99).toFixed(1)} ms`,
    );
    assert.deepEqual(errors.slice(0, 20), []);
    assert.equal((await server.stop()).code, 0);
  } finally {
    await server.stop();
    await removeStore(kv);
    await Deno.remove(dir, { recursive: true });
  }
});
