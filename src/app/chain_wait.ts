/**
 * Waiting for a chain's middleware files under the request's time limit (the import counts
 * against it, as a function's does): the ready chain, or the error response naming the file.
 *
 * @module
 */
import { errorResponse, HttpError } from "../http/errors.ts";
import { brokenFileResponse } from "./broken_file.ts";
import type { MiddlewareChain } from "./chains.ts";
import type { ReadyChain } from "./chain_run.ts";
import type { HandleEnv } from "./handle_env.ts";
import { type LoadClock, loadTimedOut, waitForLoad } from "./load_wait.ts";

/**
 * Loads a chain (once) within the request's time limit.
 *
 * @param chain The chain.
 * @param clock The request's time limit (started here if it has not been).
 * @param env `dev` and `logError` of the app.
 * @param requestId Gives the request's id (made on first call).
 * @returns The chain with its handlers, or the 500 (a broken file) or 504 (a stalled import).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { createChains } from "./chains.ts";
 * import { awaitChain } from "./chain_wait.ts";
 *
 * const mount = [{ type: "static" as const, value: "api" }];
 * const { roots } = createChains([
 *   { file: "/p/@api/_middleware.ts", relative: "@api/_middleware.ts", dir: "@api", folder: "/@api", mount },
 * ], () => Promise.reject(new SyntaxError("Unexpected token")));
 * const errors: string[] = [];
 * const env = { dev: false, logError: (message: string) => errors.push(message) };
 * const answer = await awaitChain(roots![0]!.chain, { ms: 1000, deadline: undefined }, env, () => "r1");
 * assert.equal(answer instanceof Response && answer.status, 500);
 * assert.deepEqual(errors, ["r1 Cannot load middleware file '@api/_middleware.ts': Unexpected token"]);
 * ```
 */
export async function awaitChain(
  chain: MiddlewareChain,
  clock: LoadClock,
  env: Pick<HandleEnv, "dev" | "logError">,
  requestId: () => string,
): Promise<ReadyChain | Response> {
  const loading = chain.load();
  const loaded = await waitForLoad(loading, clock);
  if (loaded instanceof HttpError) {
    const stalled = chain.modules.find((module) => module.loaded === undefined) ??
      chain.modules[0]!;
    const timedOut = loadTimedOut(stalled.load(), stalled.relative, clock.ms, "middleware file");
    if (timedOut.first) env.logError(`${requestId()} ${timedOut.error.message}`, undefined);
    return errorResponse(timedOut.error, { dev: env.dev, requestId: requestId() });
  }
  if (loaded.ok) return chain as ReadyChain;
  return brokenFileResponse(loaded, env, requestId());
}
