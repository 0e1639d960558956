/** Test helpers: a real dev server with its console over a temp project, and console calls. */
import type { DevOptions, DevServer } from "../../src/server/dev.ts";
import { startDev } from "../server/_dev.ts";
import { TOKEN_HEADER } from "../../src/console/guard.ts";
import { within } from "../_app.ts";

/** A dev server on a temp project, with the console's URL, token and a quiet report. */
export interface ConsoleServer {
  server: DevServer;
  root: string;
  url: string;
  origin: string;
  token: string;
  lines: string[];
  /** A console API call; changes carry the page's origin and token unless `bare`. */
  api(path: string, init?: RequestInit & { bare?: boolean }): Promise<Response>;
  close(): Promise<void>;
}

/** Writes `files` (path → source) under a new temp root and serves it with `serveDev`. */
export async function startConsole(
  files: Record<string, string>,
  options: Partial<DevOptions> = {},
): Promise<ConsoleServer> {
  const root = await Deno.makeTempDir({ prefix: "apifn-console-" });
  for (const [path, source] of Object.entries(files)) {
    await Deno.mkdir(`${root}/${path}`.replace(/\/[^/]+$/, ""), { recursive: true });
    await Deno.writeTextFile(`${root}/${path}`, source);
  }
  const lines: string[] = [];
  const server = await startDev(root, { report: (line) => lines.push(line), ...options });
  // The Host header names localhost, as a browser on this machine sends it.
  const origin = `http://localhost:${server.addr.port}`;
  const page = await fetch(`${origin}/_apifn/`);
  const html = await page.text();
  const token = /name="apifn-token" content="([^"]+)"/.exec(html)?.[1] ?? "";
  return {
    server,
    root,
    url: origin,
    origin,
    token,
    lines,
    api(path, init = {}) {
      const { bare, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (!bare && rest.method && rest.method !== "GET") {
        headers.set("origin", origin);
        headers.set(TOKEN_HEADER, token);
      }
      return fetch(`${origin}/_apifn/console/api/${path}`, { ...rest, headers });
    },
    async close() {
      await server.shutdown();
      await Deno.remove(root, { recursive: true });
    },
  };
}

/** JSON of a console answer, asserting its status. */
// deno-lint-ignore no-explicit-any
export async function json(response: Response | Promise<Response>, status = 200): Promise<any> {
  const answer = await response;
  const body = await answer.json();
  if (answer.status !== status) {
    throw new Error(`Expected ${status}, got ${answer.status}: ${JSON.stringify(body)}`);
  }
  return body;
}

/** Reads server-sent events from a stream until `predicate` accepts one (or the deadline). */
export async function nextEvent(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  // deno-lint-ignore no-explicit-any
  predicate: (event: string, data: any) => boolean,
  state: { buffer: string } = { buffer: "" },
  // deno-lint-ignore no-explicit-any
): Promise<any> { // deno-lint-ignore-line
  const decoder = new TextDecoder();
  return await within(
    (async () => {
      for (;;) {
        let end;
        while ((end = state.buffer.indexOf("\n\n")) >= 0) {
          const block = state.buffer.slice(0, end);
          state.buffer = state.buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data !== undefined && predicate(event, JSON.parse(data))) {
            return JSON.parse(data);
          }
        }
        const { done, value } = await reader.read();
        if (done) throw new Error("The event stream ended");
        state.buffer += decoder.decode(value, { stream: true });
      }
    })(),
    "the awaited console event",
  );
}
