/**
 * apifn serving a function folder with request logging off (`log: false`), as a real process.
 *
 * `deno run -A --unstable-kv bench/servers/apifn_server.ts <root> <kv.sqlite3>`; prints
 * `listening on http://127.0.0.1:<port>/` once every function file is imported.
 *
 * @module
 */
import { serve } from "../../mod.ts";

const [root, kv] = Deno.args;
const server = await serve({
  root,
  kv,
  port: 0,
  hostname: "127.0.0.1",
  log: false,
  preload: true,
  onListen: ({ port }) => console.log(`listening on http://127.0.0.1:${port}/`),
});
await server.finished;
