/**
 * `apifn jobs [list|retry|drop]`: the project's job queue, dead letters and schedules.
 *
 * @module
 */
import { denoLoader } from "../app/modules.ts";
import { systemClock } from "../jobs/clock.ts";
import { nextTick } from "../jobs/cron.ts";
import { loadJob, scanJobFiles } from "../jobs/files.ts";
import { JobQueue } from "../jobs/queue.ts";
import { SCHEDULE_PREFIX, type ScheduleState } from "../jobs/records.ts";
import { storeBackend } from "../kv/engine/open.ts";
import { denoFs } from "../routing/fs.ts";
import { parseCommandArgs, UsageError } from "./args.ts";
import { openProjectKv } from "./kv_args.ts";
import { readProject } from "./project.ts";

const HELP = `Usage: apifn jobs [list] [--root <dir>] [--kv <location>] [--json]
       apifn jobs retry <id>|--all     Put dead letters back in the queue (all attempts again)
       apifn jobs drop <id>|--all      Delete dead letters

list (the default) prints the queue (waiting and running messages), the dead letters
(jobs that used their attempts, with their last error) and the schedules of the job files
under _jobs/ (last run, next run, last result). Times are UTC.
Store: --kv, else APIFN_KV, else apifn.kv in deno.json, else <root>/.apifn/kv.sqlite3.
Exit codes: 0 success, 1 failure (an id not found), 2 bad usage.`;

const iso = (ms: number | undefined) => ms === undefined ? "-" : new Date(ms).toISOString();
const firstLine = (text: string | undefined) => text?.split("\n", 1)[0] ?? "";

async function listSchedules(root: string, backend: Deno.Kv, now: number) {
  const rows = [];
  for (const file of (await scanJobFiles(denoFs, root)).values()) {
    let schedule: string | undefined;
    let next: number | undefined;
    let problem: string | undefined;
    try {
      const job = await loadJob(denoLoader, file);
      if (!job.schedule) continue;
      schedule = job.schedule.source;
      next = nextTick(job.schedule, now);
    } catch (error) {
      problem = (error as Error).message;
    }
    const state = (await backend.get<ScheduleState>([...SCHEDULE_PREFIX, file.name])).value;
    rows.push({
      name: file.name,
      schedule,
      lastRun: state?.tick,
      nextRun: next,
      lastResult: state?.result,
      finishedAt: state?.finishedAt,
      ...(problem ? { problem } : {}),
    });
  }
  return rows;
}

async function list(root: string, queue: JobQueue, json: boolean): Promise<number> {
  const now = systemClock.now();
  const queued = (await queue.peek(1000)).map((entry) => ({
    id: entry.value.id,
    name: entry.value.name,
    state: entry.value.leased ? "running" : "waiting",
    due: entry.key[2] as number,
    runs: entry.value.runs,
    attempts: entry.value.attempts,
    ...(entry.value.error ? { lastError: entry.value.error } : {}),
  }));
  const dead = await queue.dead();
  const schedules = await listSchedules(root, queue.backend.kv, now);
  if (json) {
    console.log(
      JSON.stringify(
        { queued, dead, schedules },
        (key, value) => key === "payload" ? new TextDecoder().decode(value as Uint8Array) : value,
        2,
      ),
    );
    return 0;
  }
  console.log(`Queue: ${queued.length}${queued.length === 1000 ? "+" : ""} messages`);
  for (const q of queued) {
    const when = q.state === "running" ? `lease until ${iso(q.due)}` : `due ${iso(q.due)}`;
    console.log(
      `  ${q.id}  ${q.name.padEnd(24)} ${q.state.padEnd(8)} ${when}  runs ${q.runs}/${q.attempts}`,
    );
  }
  console.log(`Dead letters: ${dead.length}`);
  for (const d of dead) {
    console.log(
      `  ${d.id}  ${d.name.padEnd(24)} failed ${iso(d.failedAt)} after ${d.runs} runs: ${
        firstLine(d.error)
      }`,
    );
  }
  console.log(`Schedules: ${schedules.length}`);
  for (const s of schedules) {
    if (s.problem) {
      console.log(`  ${s.name.padEnd(24)} ${s.problem}`);
      continue;
    }
    const result = s.lastResult === undefined ? "-" : firstLine(s.lastResult);
    console.log(
      `  ${s.name.padEnd(24)} ${s.schedule!.padEnd(14)} last ${iso(s.lastRun)}  next ${
        iso(s.nextRun)
      }  result ${result}`,
    );
  }
  return 0;
}

async function eachDead(
  queue: JobQueue,
  target: { id?: string | undefined; all: boolean },
  act: (id: string) => Promise<boolean>,
  verb: string,
): Promise<number> {
  const ids = target.all ? (await queue.dead()).map((d) => d.id) : [target.id!];
  for (const id of ids) {
    if (!await act(id)) {
      console.error(`apifn: Dead letter '${id}' not found`);
      return 1;
    }
  }
  console.log(`${verb} ${ids.length} dead letter${ids.length === 1 ? "" : "s"}`);
  return 0;
}

/**
 * Runs a `jobs` command.
 *
 * @param args The command's arguments.
 * @returns The exit code.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { jobsCommand } from "./jobs.ts";
 *
 * const dir = await Deno.makeTempDir();
 * assert.equal(await jobsCommand(["list", "--root", dir, "--kv", `${dir}/kv.db`]), 0);
 * assert.equal(await jobsCommand(["drop", "nope", "--root", dir, "--kv", `${dir}/kv.db`]), 1);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function jobsCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    root: { type: "string" },
    kv: { type: "string" },
    json: { type: "boolean" },
    all: { type: "boolean" },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const [sub = "list", id, ...extra] = positionals;
  if (!["list", "retry", "drop"].includes(sub)) {
    throw new UsageError(`Unknown jobs command '${sub}' (list, retry, drop)`);
  }
  const all = values.all === true;
  if (
    extra.length > 0 || (sub === "list" ? id !== undefined || all : (id === undefined) === !all)
  ) {
    throw new UsageError(
      sub === "list" ? "jobs list takes no arguments" : `jobs ${sub} takes one id, or --all`,
    );
  }
  const root = (await readProject(values.root as string | undefined)).root;
  const kv = await openProjectKv(values);
  try {
    const queue = new JobQueue(storeBackend(kv)!, systemClock);
    if (sub === "list") return await list(root, queue, values.json === true);
    const act = sub === "retry" ? (i: string) => queue.revive(i) : (i: string) => queue.drop(i);
    return await eachDead(queue, { id, all }, act, sub === "retry" ? "Requeued" : "Dropped");
  } finally {
    await kv.close();
  }
}
