/**
 * The answer to a request whose function or middleware file fails to import: a 500 (in dev with
 * the import's error), logged once per broken version of the file rather than on every request.
 *
 * @module
 */
import { errorResponse } from "../http/errors.ts";
import type { HandleEnv } from "./handle_env.ts";

const reported = new WeakSet<object>();

/**
 * Logs `broken` the first time it is met and answers 500.
 *
 * @param broken The failed load (one object per version of the file): its message and error.
 * @param env The app's state (dev mode, the error log).
 * @param requestId The request's id.
 * @returns The 500 response.
 */
export function brokenFileResponse(
  broken: { message: string; error: unknown },
  env: Pick<HandleEnv, "dev" | "logError">,
  requestId: string,
): Response {
  if (!reported.has(broken)) {
    reported.add(broken);
    env.logError(`${requestId} ${broken.message}`, broken.error);
  }
  return errorResponse(env.dev ? broken.error : new Error(broken.message), {
    dev: env.dev,
    requestId,
  });
}
