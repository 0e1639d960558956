/**
 * Descriptor exhaustion: `apifn start` under `ulimit -n 256` gets 400 connections that hold a
 * descriptor each (half-sent request heads, silent ones, idle keep-alive ones). Accepting fails
 * with EMFILE; the server must stay up, keep answering the request it had in flight, close the
 * idle connections, log once per burst rather than once per failure, and answer new requests.
 */
import assert from "node:assert/strict";
import { startServer } from "./_server.ts";

const SOCKETS = 400;
const encoder = new TextEncoder();

type Hostile = { conn: Deno.Conn; answered: boolean };

async function openHostile(port: number, kind: number): Promise<Hostile | undefined> {
  let conn: Deno.Conn | undefined;
  try {
    conn = await Deno.connect({ hostname: "127.0.0.1", port });
    if (kind === 0) await conn.write(encoder.encode("GET /api/hi HT"));
    if (kind === 1) {
      await conn.write(encoder.encode("GET /api/hi HTTP/1.1\r\nHost: x\r\n\r\n"));
      // The answer proves the connection was accepted; it then stays idle.
      return { conn, answered: (await conn.read(new Uint8Array(4096))) !== null };
    }
    return { conn, answered: false };
  } catch {
    return conn ? { conn, answered: false } : undefined; // refused or reset: load shed
  }
}

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

Deno.test("apifn start - survives running out of file descriptors and answers again", async () => {
  const root = await Deno.makeTempDir();
  await Deno.mkdir(`${root}/@api`);
  await Deno.writeTextFile(
    `${root}/@api/hi.get.ts`,
    "export default (_r, c) => c.json({ hi: 1 });",
  );
  // In flight during the burst: answers once the test creates the file `release`.
  await Deno.writeTextFile(
    `${root}/@api/slow.get.ts`,
    `export default async (_r, c) => {
      await Deno.writeTextFile(${JSON.stringify(`${root}/started`)}, "");
      while (true) {
        try { await Deno.stat(${JSON.stringify(`${root}/release`)}); break; } catch {}
        await new Promise((r) => setTimeout(r, 50));
      }
      return c.json({ slow: 1 });
    }`,
  );
  const server = await startServer("start", ["--root", root, "--quiet"], { fileLimit: 256 });
  const port = Number(new URL(server.url).port);
  const hostile: Hostile[] = [];
  try {
    const slow = fetch(`${server.url}/api/slow`);
    await until("the slow request", () => Deno.stat(`${root}/started`).then(() => true));
    for (let i = 0; i < SOCKETS; i++) {
      const opened = await openHostile(port, i % 3);
      if (opened) hostile.push(opened);
    }
    await until(
      "a burst of accept failures",
      () => Promise.resolve(server.output().includes("Cannot accept connections")),
    );
    assert.equal(server.exited(), false, server.output());
    // Idle connections the failed listener had accepted are closed by the server.
    const idle = hostile.filter((h) => h.answered);
    assert.ok(idle.length > 0, "some idle connections were accepted");
    let closedByServer = 0;
    for (const { conn } of idle) {
      conn.read(new Uint8Array(4096)).then(() => closedByServer++, () => closedByServer++);
    }
    await until(
      "an idle connection closed by the server",
      () => Promise.resolve(closedByServer > 0),
    );
    await Deno.writeTextFile(`${root}/release`, "");
    const answer = await slow;
    assert.deepEqual(await answer.json(), { slow: 1 }, "the request in flight was answered");
    for (const { conn } of hostile) conn.close();
    await until("an answer after the burst", async () => {
      const response = await fetch(`${server.url}/api/hi`);
      return (await response.json()).hi === 1;
    });
    assert.equal(server.exited(), false);
    const warnings = server.output().match(/Cannot accept connections/g) ?? [];
    assert.ok(warnings.length <= 5, `logged once per burst, not per failure:\n${server.output()}`);
    assert.equal((await server.stop("SIGTERM", 30_000)).code, 0);
  } finally {
    for (const { conn } of hostile) {
      try {
        conn.close();
      } catch {
        // closed already
      }
    }
    await server.stop();
    await Deno.remove(root, { recursive: true });
  }
});
