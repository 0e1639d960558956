/**
 * What `context.enqueue` does in a context made without the app's job queue.
 *
 * @module
 */

/**
 * Rejects: there is no job queue to enqueue on.
 *
 * @param name The job's name.
 * @returns A promise rejected with a `TypeError` naming the job.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { noJobQueue } from "./no_queue.ts";
 *
 * await assert.rejects(noJobQueue("mail"), TypeError);
 * ```
 */
export function noJobQueue(name: string): Promise<string> {
  return Promise.reject(new TypeError(`Cannot enqueue job '${name}': this app has no job queue`));
}
