/** Helpers for the dev server tests: a real dev server on a real temp folder. */
import { type DevOptions, type DevServer, serveDev } from "../../src/server/dev.ts";

export { serveDev };

/** A dev server on a free loopback port over `root`: in-memory KV, no request log, no signals. */
export function startDev(root: string, options: Partial<DevOptions> = {}): Promise<DevServer> {
  return serveDev({
    root,
    port: 0,
    hostname: "127.0.0.1",
    kv: ":memory:",
    log: false,
    handleSignals: false,
    debounceMs: 40,
    report: () => {},
    ...options,
  });
}

import { until } from "../cli/_cli.ts";

export { until };

export function fn(body: string): string {
  return `export default () => new Response(${JSON.stringify(body)});\n`;
}

export async function setup() {
  const root = await Deno.makeTempDir({ prefix: "apifn_dev_" });
  await Deno.mkdir(`${root}/@api`);
  await Deno.writeTextFile(`${root}/redocly.yaml`, "apiFunctions:\n  folders: [/blog]\n");
  await Deno.writeTextFile(`${root}/@api/a.get.ts`, fn("a1"));
  const lines: string[] = [];
  const server = await startDev(root, { report: (line) => lines.push(line) });
  const base = `http://127.0.0.1:${server.addr.port}`;
  async function get(path: string): Promise<{ status: number; text: string }> {
    const response = await fetch(base + path);
    return { status: response.status, text: await response.text() };
  }
  /** Waits until GET `path` answers `status` (and `text`, when given). */
  function expect(path: string, status: number, text?: string) {
    return until(`GET ${path} → ${status} ${text ?? ""}`, async () => {
      const got = await get(path);
      return got.status === status && (text === undefined || got.text === text) ? got : undefined;
    });
  }
  return { root, server, lines, get, expect };
}

export async function teardown(server: DevServer, root: string) {
  await server.shutdown();
  await Deno.remove(root, { recursive: true });
}
