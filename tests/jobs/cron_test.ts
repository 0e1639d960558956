import assert from "node:assert/strict";
import { nextTick, parseCron, previousTick } from "../../src/jobs/cron.ts";

const at = (text: string) => Date.parse(`${text}Z`);

Deno.test("parseCron - fields, names and shorthands; bad expressions name themselves", async (t) => {
  for (
    const [source, from, next] of [
      ["*/5 * * * *", "2026-01-01T10:07:30", "2026-01-01T10:10:00"],
      ["0 * * * *", "2026-01-01T10:00:00", "2026-01-01T11:00:00"],
      ["15,45 9-10 * * *", "2026-01-01T10:45:00", "2026-01-02T09:15:00"],
      ["0 0 1 * *", "2026-01-15T00:00:00", "2026-02-01T00:00:00"],
      ["0 12 * * MON", "2026-01-01T00:00:00", "2026-01-05T12:00:00"], // 2026-01-01 is a Thursday
      ["0 0 * * 7", "2026-01-01T00:00:00", "2026-01-04T00:00:00"], // 7 is Sunday too
      ["0 0 13 * 5", "2026-01-01T00:00:00", "2026-01-02T00:00:00"], // day 13 OR a Friday
      ["0 0 29 2 *", "2026-01-01T00:00:00", "2028-02-29T00:00:00"],
      ["30 4 1 jan-mar/2 *", "2026-01-02T00:00:00", "2026-03-01T04:30:00"],
      ["@hourly", "2026-01-01T10:59:59", "2026-01-01T11:00:00"],
      ["@daily", "2026-01-01T00:00:00", "2026-01-02T00:00:00"],
      ["@weekly", "2026-01-01T00:00:00", "2026-01-04T00:00:00"],
      ["@monthly", "2026-01-31T23:59:00", "2026-02-01T00:00:00"],
      ["@yearly", "2026-01-01T00:00:00", "2027-01-01T00:00:00"],
    ] as const
  ) {
    await t.step(`${source} after ${from} → ${next}`, () => {
      assert.equal(new Date(nextTick(parseCron(source), at(from))!).toISOString(), `${next}.000Z`);
    });
  }
  for (
    const [source, why] of [
      ["* * * *", /expected 5 fields, got 4/],
      ["60 * * * *", /'60' is outside 0-59 for the minute/],
      ["* 24 * * *", /outside 0-23 for the hour/],
      ["*/0 * * * *", /'0' is not a step/],
      ["5-1 * * * *", /'5-1' is outside/],
      ["x * * * *", /'x' is not a minute/],
      ["0 0 31 2 *", /never matches a date/],
      ["@often", /expected 5 fields/],
    ] as const
  ) {
    await t.step(`${source} → SyntaxError`, () => {
      assert.throws(() => parseCron(source), (error: Error) => {
        assert.ok(error instanceof SyntaxError);
        assert.ok(error.message.startsWith(`Cannot parse cron expression '${source}': `));
        assert.match(error.message, why);
        return true;
      });
    });
  }
});

Deno.test("previousTick - the latest tick at or before a time", async (t) => {
  for (
    const [source, at_, previous] of [
      ["*/5 * * * *", "2026-01-01T10:07:30", "2026-01-01T10:05:00"],
      ["*/5 * * * *", "2026-01-01T10:05:00", "2026-01-01T10:05:00"],
      ["0 9 * * *", "2026-03-01T08:00:00", "2026-02-28T09:00:00"],
      ["@yearly", "2026-06-01T00:00:00", "2026-01-01T00:00:00"],
      ["0 0 1 * *", "2026-01-01T00:00:00", "2026-01-01T00:00:00"],
    ] as const
  ) {
    await t.step(`${source} at ${at_} → ${previous}`, () => {
      const tick = previousTick(parseCron(source), at(at_));
      assert.equal(new Date(tick!).toISOString(), `${previous}.000Z`);
    });
  }
});
