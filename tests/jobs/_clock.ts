/** Test helper: a clock that moves only when told. */
import type { Clock } from "../../src/jobs/clock.ts";

/** A manual clock: `now` is `time`; `sleep` resolves when `advance` passes its end. */
export function manualClock(start: number): Clock & { advance(ms: number): void; time: number } {
  const sleepers = new Set<{ until: number; wake: () => void }>();
  const clock = {
    time: start,
    now: () => clock.time,
    sleep(ms: number, signal?: AbortSignal): Promise<void> {
      if (signal?.aborted) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const sleeper = {
          until: clock.time + ms,
          wake: () => (sleepers.delete(sleeper), resolve()),
        };
        sleepers.add(sleeper);
        signal?.addEventListener("abort", sleeper.wake, { once: true });
      });
    },
    advance(ms: number) {
      clock.time += ms;
      for (const sleeper of [...sleepers]) if (sleeper.until <= clock.time) sleeper.wake();
    },
  };
  return clock;
}
