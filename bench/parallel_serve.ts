/**
 * `apifn start --parallel` (one `deno serve` worker per core, `DENO_JOBS=2`) and the
 * `deno serve --parallel main.ts` entry that `apifn init` scaffolds, vs one process, on GET
 * JSON and GET entry. wrk shares the 2 cores with the server here (unpinned, 2 threads): the
 * numbers show whether the workers use both cores, not a clean scaling factor.
 *
 * @module
 */
import { renderManifest } from "../src/app/manifest_gen.ts";
import { measure, type Measurement } from "./lib/measure.ts";
import { BENCH, denoRun, REPO } from "./lib/paths.ts";
import { seedApifn } from "./lib/seed.ts";
import { freePort, startProcess } from "./lib/server_process.ts";
import { fmt, median } from "./lib/stats.ts";

const PATHS = [
  { id: "json", path: "/api/hello" },
  { id: "entry", path: "/", script: "get_entry.lua" },
] as const;

type Mode = "single" | "parallel-cli" | "parallel-nolog" | "serve-entry";

/** Writes the scaffold's `main.ts` (and a manifest of bench/apifn) into `dir`. */
async function writeEntry(dir: string): Promise<string> {
  const manifest = await renderManifest(`${BENCH}/apifn`, { out: `${dir}/apifn.manifest.ts` });
  await Deno.writeTextFile(manifest.path, manifest.text);
  await Deno.writeTextFile(
    `${dir}/main.ts`,
    `import { createServeEntry } from "@apifn/core";
import manifest from "./apifn.manifest.ts";

export default await createServeEntry({ manifest });
`,
  );
  return `${dir}/main.ts`;
}

function launch(mode: Mode, kv: string, entry: string) {
  const port = freePort();
  const pollUrl = `http://127.0.0.1:${port}/api/hello`;
  if (mode === "single") {
    return startProcess(denoRun("bench/servers/apifn_server.ts", [`${BENCH}/apifn`, kv]));
  }
  if (mode === "parallel-cli") {
    const args = ["start", "--parallel", "--root", `${BENCH}/apifn`, "--kv", kv];
    return startProcess(
      denoRun("src/cli/main.ts", [...args, "--port", String(port), "--hostname", "127.0.0.1"]),
      { env: { DENO_JOBS: "2" }, pollUrl },
    );
  }
  if (mode === "serve-entry") {
    // As a user runs the scaffold (logs on, like the CLI); the store from APIFN_KV.
    return startProcess([
      Deno.execPath(),
      "serve",
      "--parallel",
      "-A",
      "--config",
      `${REPO}/deno.json`,
      "--port",
      String(port),
      "--host",
      "127.0.0.1",
      entry,
    ], { env: { DENO_JOBS: "2", APIFN_KV: kv }, pollUrl });
  }
  // What the CLI runs, with request logging off (the CLI has no flag for that).
  return startProcess([
    Deno.execPath(),
    "serve",
    "--parallel",
    "-A",
    "--unstable-kv",
    "--port",
    String(port),
    "--host",
    "127.0.0.1",
    `${REPO}/src/server/parallel.ts`,
  ], {
    env: {
      DENO_JOBS: "2",
      APIFN_SERVE_OPTIONS: JSON.stringify({ root: `${BENCH}/apifn`, kv, log: false }),
    },
    pollUrl,
  });
}

/**
 * Runs the parallel benchmark.
 *
 * @param options Rounds and seconds per measurement.
 * @returns Raw data and a Markdown table.
 *
 * @example Usage
 * ```ts ignore
 * import { runParallel } from "./parallel_serve.ts";
 *
 * console.log((await runParallel({ rounds: 3, seconds: 10 })).markdown);
 * ```
 */
export async function runParallel(
  options: { rounds: number; seconds: number },
): Promise<{ data: unknown; markdown: string }> {
  const dir = await Deno.makeTempDir({ prefix: "apifn-parallel-" });
  const results: Record<string, Measurement[]> = {};
  const modes: Mode[] = ["single", "parallel-cli", "parallel-nolog", "serve-entry"];
  try {
    await seedApifn(`${dir}/template.sqlite3`, 1000);
    const entry = await writeEntry(dir);
    for (let round = 0; round < options.rounds; round++) {
      for (let i = 0; i < modes.length; i++) {
        const mode = modes[(i + round) % modes.length]!;
        const kv = `${dir}/${mode}.sqlite3`;
        await Deno.copyFile(`${dir}/template.sqlite3`, kv);
        const server = await launch(mode, kv, entry);
        try {
          for (const { id, path, ...rest } of PATHS) {
            const script = "script" in rest ? `${BENCH}/wrk/${rest.script}` : undefined;
            const m = await measure(server, `${server.url}${path}`, {
              connections: 64,
              threads: 2,
              seconds: options.seconds,
              ...(script ? { script } : {}),
            });
            (results[`${mode}:${id}`] ??= []).push(m);
            console.log(
              `round ${round + 1} ${mode.padEnd(14)} ${id.padEnd(5)} ${
                m.rps.toFixed(0).padStart(7)
              } req/s  server ${m.serverCores.toFixed(2)} cores  errors ${m.errors}  foreign ${
                m.foreignPercent.toFixed(0)
              }%`,
            );
          }
        } finally {
          await server.stop();
        }
      }
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  const rows = [
    "| Scenario | single process req/s | `start --parallel` (CLI, logs on) req/s | parallel, logs off req/s | `deno serve --parallel main.ts` (logs on) req/s | `deno serve` entry / `start --parallel` | server cores used: single / CLI / logs off / entry |",
    "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
  ];
  for (const { id } of PATHS) {
    const get = (mode: Mode) => results[`${mode}:${id}`] ?? [];
    const rps = (mode: Mode) => median(get(mode).map((m) => m.rps));
    const cores = (mode: Mode) => fmt(median(get(mode).map((m) => m.serverCores)), 2);
    rows.push(
      `| ${id} | ${fmt(rps("single"))} | ${fmt(rps("parallel-cli"))} | ${
        fmt(rps("parallel-nolog"))
      } | ${fmt(rps("serve-entry"))} | ${fmt(rps("serve-entry") / rps("parallel-cli"), 2)}× | ${
        cores("single")
      } / ${cores("parallel-cli")} / ${cores("parallel-nolog")} / ${cores("serve-entry")} |`,
    );
  }
  return { data: results, markdown: rows.join("\n") };
}
