/**
 * Startup time of `apifn start` with 1,000 function files: wall time from spawning the CLI to
 * its "listening on" line, and to the first answer of a function (median of 5 after one
 * untimed run that fills Deno's module cache). A bare `Deno.serve` script is the floor.
 *
 * @module
 */
import { denoRun, REPO } from "./lib/paths.ts";
import { fmt, median } from "./lib/stats.ts";
import { writeTree } from "./lib/tree.ts";

const LISTENING = /listening on (http:\/\/[^\s/]+)/i;

/**
 * Spawns `command`, returns ms until it printed "listening on" and until `path` answered 200.
 *
 * @param command The program and its arguments.
 * @param path A path to request once listening.
 * @returns Both times, in ms.
 *
 * @example Usage
 * ```ts ignore
 * import { timeToListen } from "./startup.ts";
 *
 * console.log(await timeToListen(["deno", "run", "-A", "server.ts"], "/"));
 * ```
 */
export async function timeToListen(
  command: readonly string[],
  path: string,
): Promise<{ listenMs: number; firstResponseMs: number }> {
  const started = performance.now();
  const child = new Deno.Command(command[0]!, {
    args: command.slice(1),
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let text = "";
  let resolveUrl!: (value: { url: string; at: number }) => void;
  const listening = new Promise<{ url: string; at: number }>((resolve) => (resolveUrl = resolve));
  const decoder = new TextDecoder();
  async function drain(stream: ReadableStream<Uint8Array>) {
    for await (const chunk of stream) {
      const at = performance.now();
      text = (text + decoder.decode(chunk, { stream: true })).slice(-65_536);
      const url = LISTENING.exec(text)?.[1];
      if (url) resolveUrl({ url: url.replace("localhost", "127.0.0.1"), at });
    }
  }
  const drained = Promise.all([drain(child.stdout), drain(child.stderr)]);
  const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
  const exited = child.status.then((s) => {
    throw new Error(`Exited (${s.code}) before listening:\n${text}`);
  });
  try {
    const { url, at } = await Promise.race([listening, exited]);
    let firstAt = NaN;
    for (let i = 0; i < 2000 && Number.isNaN(firstAt); i++) {
      const response = await fetch(`${url}${path}`);
      await response.body?.cancel();
      if (response.ok) firstAt = performance.now();
    }
    return { listenMs: at - started, firstResponseMs: firstAt - started };
  } finally {
    clearTimeout(timer);
    child.kill("SIGTERM");
    await child.status;
    await drained;
    exited.catch(() => {});
  }
}

/**
 * Runs the startup benchmark.
 *
 * @param options Function files to generate and timed runs.
 * @returns Raw data and a Markdown table.
 *
 * @example Usage
 * ```ts ignore
 * import { runStartup } from "./startup.ts";
 *
 * console.log((await runStartup({ files: 1000, runs: 5 })).markdown);
 * ```
 */
export async function runStartup(
  options: { files: number; runs: number },
): Promise<{ data: unknown; markdown: string }> {
  const dir = await Deno.makeTempDir({ prefix: "apifn-startup-" });
  try {
    await writeTree(dir, options.files);
    await Deno.writeTextFile(
      `${dir}/bare.ts`,
      `Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: ({ port }) =>
  console.log(\`listening on http://127.0.0.1:\${port}/\`) }, () => Response.json({ ok: true }));
`,
    );
    const last = `/api/r${String(options.files / 5 - 1).padStart(4, "0")}/items`;
    const cli = denoRun("src/cli/main.ts", [
      "start",
      "--root",
      dir,
      "--port",
      "0",
      "--hostname",
      "127.0.0.1",
    ]);
    const bare = [Deno.execPath(), "run", "-A", `${dir}/bare.ts`];
    const cold = await timeToListen(cli, last);
    const apifn: { listenMs: number; firstResponseMs: number }[] = [];
    const floor: number[] = [];
    for (let i = 0; i < options.runs; i++) {
      apifn.push(await timeToListen(cli, last));
      floor.push((await timeToListen(bare, "/")).listenMs);
      console.log(
        `run ${i + 1}: apifn start listening ${
          apifn.at(-1)!.listenMs.toFixed(0)
        } ms, first answer ${apifn.at(-1)!.firstResponseMs.toFixed(0)} ms; bare Deno.serve ${
          floor.at(-1)!.toFixed(0)
        } ms`,
      );
    }
    const listen = median(apifn.map((r) => r.listenMs));
    const first = median(apifn.map((r) => r.firstResponseMs));
    const markdown = [
      `Command: \`deno run -A --unstable-kv ${
        cli.slice(4).join(" ").replace(REPO + "/", "").replace(dir, "<tmp>")
      }\` over ${fmt(options.files)} generated function files (no manifest).`,
      "",
      "| Measure | Median of " + options.runs + " | Target |",
      "| --- | ---: | --- |",
      `| spawn → "listening on" | ${fmt(listen)} ms | < 500 ms: ${
        listen < 500 ? "PASS" : "MISS"
      } |`,
      `| spawn → first 200 from the last function file | ${fmt(first)} ms | — |`,
      `| bare \`Deno.serve\` script, spawn → listening (floor) | ${fmt(median(floor))} ms | — |`,
      `| first (cold module cache) run: listening / first answer | ${fmt(cold.listenMs)} / ${
        fmt(cold.firstResponseMs)
      } ms | — |`,
      "",
      `apifn's listening time is ${fmt(listen / median(floor), 1)}× the bare floor.`,
    ].join("\n");
    return { data: { cold, apifn, floor }, markdown };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
