/**
 * CPU accounting from `/proc` (Linux): the CPU time of a process tree, the busy time of each
 * core, and waiting until no other program keeps the cores busy. The benchmark VM is shared,
 * so every measurement records how much CPU other programs took meanwhile ("foreign" CPU).
 *
 * @module
 */

/**
 * Clock ticks per second of `/proc` times (`getconf CLK_TCK`, 100 on Linux).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { TICKS_PER_SECOND } from "./cpu.ts";
 *
 * assert.equal(TICKS_PER_SECOND, 100);
 * ```
 */
export const TICKS_PER_SECOND = 100;

/**
 * The user + system CPU seconds of a process and all its descendants (threads included).
 *
 * @param pid The root process.
 * @returns CPU seconds, 0 when the process is gone.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { treeCpuSeconds } from "./cpu.ts";
 *
 * assert.ok(treeCpuSeconds(Deno.pid) > 0);
 * ```
 */
export function treeCpuSeconds(pid: number): number {
  let ticks = 0;
  for (const id of descendants(pid)) {
    try {
      const stat = Deno.readTextFileSync(`/proc/${id}/stat`);
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch {
      // exited meanwhile
    }
  }
  return ticks / TICKS_PER_SECOND;
}

/**
 * A process and every descendant, by `/proc/<pid>/task/<tid>/children`.
 *
 * @param pid The root process.
 * @returns The pids, root first.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { descendants } from "./cpu.ts";
 *
 * assert.deepEqual(descendants(Deno.pid).slice(0, 1), [Deno.pid]);
 * ```
 */
export function descendants(pid: number): number[] {
  const all = [pid];
  for (let i = 0; i < all.length; i++) {
    try {
      for (const task of Deno.readDirSync(`/proc/${all[i]}/task`)) {
        const text = Deno.readTextFileSync(`/proc/${all[i]}/task/${task.name}/children`).trim();
        if (text) all.push(...text.split(" ").map(Number));
      }
    } catch {
      // exited meanwhile
    }
  }
  return all;
}

/**
 * Busy CPU seconds of each core since boot (everything but idle and iowait).
 *
 * @returns One number per core, in core order.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { coreBusySeconds } from "./cpu.ts";
 *
 * assert.equal(coreBusySeconds().length, navigator.hardwareConcurrency);
 * ```
 */
export function coreBusySeconds(): number[] {
  const lines = Deno.readTextFileSync("/proc/stat").split("\n").filter((l) => /^cpu\d/.test(l));
  return lines.map((line) => {
    const v = line.split(/\s+/).slice(1).map(Number);
    const total = v.slice(0, 8).reduce((a, b) => a + b, 0); // steal included, guest excluded
    return (total - v[3]! - v[4]!) / TICKS_PER_SECOND;
  });
}

/** A CPU snapshot: busy seconds per core and the CPU of the processes being measured. */
export interface CpuSnapshot {
  /** `performance.now()` at the snapshot. */
  at: number;
  /** Busy seconds per core. */
  cores: number[];
  /** CPU seconds of the measured process trees. */
  own: number;
}

/**
 * Takes a CPU snapshot.
 *
 * @param pids Process trees whose CPU is "ours" (server, load generator).
 * @returns The snapshot.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { snapshot } from "./cpu.ts";
 *
 * assert.ok(snapshot([Deno.pid]).own > 0);
 * ```
 */
export function snapshot(pids: readonly number[]): CpuSnapshot {
  return {
    at: performance.now(),
    cores: coreBusySeconds(),
    own: pids.reduce((sum, pid) => sum + treeCpuSeconds(pid), 0),
  };
}

/**
 * CPU taken by other programs between two snapshots, in % of one core.
 *
 * @param before The first snapshot.
 * @param after The second one.
 * @param extraOwn CPU seconds of our processes not visible in the snapshots (e.g. an exited wrk).
 * @returns Foreign CPU, % of one core (≥ 0).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { foreignPercent } from "./cpu.ts";
 *
 * const before = { at: 0, cores: [0, 0], own: 0 };
 * const after = { at: 1000, cores: [1, 0.5], own: 1.2 };
 * assert.equal(Math.round(foreignPercent(before, after, 0.2)), 10);
 * ```
 */
export function foreignPercent(before: CpuSnapshot, after: CpuSnapshot, extraOwn = 0): number {
  const seconds = (after.at - before.at) / 1000;
  const busy = after.cores.reduce((sum, v, i) => sum + v - (before.cores[i] ?? 0), 0);
  const own = after.own - before.own + extraOwn;
  return Math.max(0, (busy - own) / seconds * 100);
}

/**
 * Waits until the machine is quiet: all cores together busy under `maxPercent` % of one core
 * over one second. Gives up after `timeoutMs` (the caller reports the foreign load it measures).
 *
 * @param options `maxPercent` (default 10), `timeoutMs` (default 120 000), `own`: pids whose
 * CPU does not count (this process always counts as own).
 * @returns The busy % of the last sample.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { waitQuiet } from "./cpu.ts";
 *
 * assert.equal(typeof await waitQuiet({ maxPercent: 1000, timeoutMs: 0 }), "number");
 * ```
 */
export async function waitQuiet(
  options: { maxPercent?: number; timeoutMs?: number; own?: readonly number[] } = {},
): Promise<number> {
  const own = [Deno.pid, ...(options.own ?? [])];
  const max = options.maxPercent ?? 10;
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  for (;;) {
    const before = snapshot(own);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const busy = foreignPercent(before, snapshot(own));
    if (busy < max || Date.now() >= deadline) return busy;
  }
}
