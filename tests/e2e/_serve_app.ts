/**
 * Run as a child process by end-to-end tests that need app options the CLI has no flag for
 * (a short time limit): `serve()`, or `serveDev()` when `dev` is set, with the JSON options of
 * `APIFN_TEST_SERVE`, printing "listening on http://…/" as the CLI does. SIGTERM stops it.
 *
 * @module
 */
import { serveDev } from "../../src/server/dev.ts";
import { serve, type ServeOptions } from "../../src/server/serve.ts";

const { dev, ...options } = JSON.parse(Deno.env.get("APIFN_TEST_SERVE") ?? "{}") as
  & ServeOptions
  & { dev?: boolean };
const onListen = ({ hostname, port }: { hostname: string; port: number }) =>
  console.log(`apifn test server: listening on http://${hostname}:${port}/`);
const server = dev
  ? await serveDev({ ...options, onListen })
  : await serve({ ...options, onListen });
await server.finished;
Deno.exit(0);
