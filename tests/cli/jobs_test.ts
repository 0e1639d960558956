import assert from "node:assert/strict";
import { UsageError } from "../../src/cli/args.ts";
import { jobsCommand } from "../../src/cli/jobs.ts";

Deno.test("apifn jobs - bad usage is a UsageError naming the problem", async (t) => {
  for (
    const [args, message] of [
      [["nope"], /Unknown jobs command 'nope'/],
      [["list", "x"], /jobs list takes no arguments/],
      [["retry"], /jobs retry takes one id, or --all/],
      [["drop", "a", "--all"], /jobs drop takes one id, or --all/],
      [["drop", "a", "b"], /jobs drop takes one id, or --all/],
    ] as const
  ) {
    await t.step(args.join(" "), async () => {
      await assert.rejects(jobsCommand([...args]), (error: Error) => {
        assert.ok(error instanceof UsageError);
        assert.match(error.message, message);
        return true;
      });
    });
  }
});
