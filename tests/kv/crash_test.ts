import assert from "node:assert/strict";
import { openKv } from "../../src/kv/engine/open.ts";
import type { KvKey } from "../../src/types.ts";
import { isWhole } from "./_big_values.ts";
import { rawProblems, readRaw } from "./_raw.ts";

const FIXTURE = new URL("./fixtures/crash_writer.ts", import.meta.url).pathname;

interface Line {
  start?: number;
  ack?: number;
  keys: KvKey[];
}

/**
 * Runs the writer until `acks` writes were acknowledged and the next one has
 * started, waits `delayMs`, then SIGKILLs it.
 */
async function writeUntilKilled(
  path: string,
  first: number,
  options: { acks: number; delayMs: number },
): Promise<Line[]> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--unstable-kv", FIXTURE, path, String(first)],
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const lines: Line[] = [];
  let buffer = "";
  let killing: Promise<void> | undefined;
  for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
    buffer += chunk;
    for (let nl = buffer.indexOf("\n"); nl >= 0; nl = buffer.indexOf("\n")) {
      const line: Line = JSON.parse(buffer.slice(0, nl));
      buffer = buffer.slice(nl + 1);
      lines.push(line);
      const acked = lines.filter((l) => l.ack !== undefined).length;
      if (!killing && acked === options.acks && line.start !== undefined) {
        killing = new Promise((resolve) => setTimeout(resolve, options.delayMs)).then(() =>
          child.kill("SIGKILL")
        );
      }
    }
  }
  await killing;
  const status = await child.status;
  assert.equal(status.signal, "SIGKILL", "the writer stopped before it was killed");
  return lines;
}

Deno.test("crash safety - SIGKILL mid-write loses no acknowledged value and tears none", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "apifn-kv-crash-" });
  const path = `${dir}/kv.sqlite3`;
  /** The id each key must hold (as far as acknowledged writes tell). */
  const expected = new Map<string, number>();
  try {
    const rounds: [number, number][] = Array.from({ length: 10 }, (_, i) => [2 + (i % 3), i % 5]);
    for (const [round, [acks, delayMs]] of rounds.entries()) {
      await t.step(
        `round ${round}: kill ${delayMs} ms into the write after ${acks} acks`,
        async () => {
          const lines = await writeUntilKilled(path, round * 1000, { acks, delayMs });
          for (const line of lines) {
            if (line.ack !== undefined) {
              for (const key of line.keys) expected.set(JSON.stringify(key), line.ack);
            }
          }
          const last = lines.at(-1)!;
          const inFlight = last.start !== undefined ? last : undefined;
          const before = await readRaw(path);

          const store = await openKv(path, { sweepIntervalMs: 0, orphanGraceMs: 0 });
          try {
            const seen = new Map<string, number>();
            for (const [id, ackedId] of expected) {
              const value = await store.get(JSON.parse(id));
              assert.ok(isWhole(value), `${id} is missing or torn`);
              const allowed = [ackedId];
              if (inFlight?.keys.some((k) => JSON.stringify(k) === id)) {
                allowed.push(inFlight.start!);
              }
              assert.ok(
                allowed.includes(value.id),
                `${id} holds ${value.id}, expected one of ${allowed}`,
              );
              seen.set(id, value.id);
            }
            if (inFlight && inFlight.keys.length > 1) {
              const ids = inFlight.keys.map((k) => seen.get(JSON.stringify(k)));
              const committed = ids.map((id) => id === inFlight.start);
              assert.ok(
                committed.every((c) => c === committed[0]),
                "a transaction committed in part",
              );
            }
            const all = await store.list({ prefix: [] }, { limit: 1000 });
            assert.ok(all.items.every((e) => isWhole(e.value)), "a listed value is torn");
            assert.equal(all.total, all.items.length);
            for (const [id, valueId] of seen) expected.set(id, valueId);
            const swept = await store.sweep();
            console.log(
              `round ${round}: ${
                lines.filter((l) => l.ack !== undefined).length
              } acks, in flight: ` +
                `${
                  inFlight ? JSON.stringify(inFlight) : "none"
                }; before sweep ${before.pending.length} ` +
                `pending markers, ${
                  rawProblems(before).length
                } problems; swept ${swept.orphans} orphan blobs`,
            );
          } finally {
            await store.close();
          }
          assert.deepEqual(rawProblems(await readRaw(path)), []);
        },
      );
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
