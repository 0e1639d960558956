/**
 * Model-based randomized test: long random sequences of operations run
 * against a store and against the reference model (`_model.ts`), with the same
 * injected clock; every read, page, total and cursor must agree.
 *
 * `APIFN_MODEL_RUNS=500 deno test -A tests/kv/model_test.ts` runs more
 * sequences; `APIFN_MODEL_SEED` replays a reported seed.
 *
 * @module
 */
import fc from "fast-check";
import { opArb } from "./_model_ops.ts";
import { runModel } from "./_model_run.ts";

const RUNS = Number(Deno.env.get("APIFN_MODEL_RUNS") ?? "60");
const SEED = Deno.env.get("APIFN_MODEL_SEED");

const SEQUENCES = fc.array(opArb, { minLength: 10, maxLength: 120, size: "max" });

Deno.test("KvStore - random operation sequences agree with the reference model", async () => {
  await fc.assert(fc.asyncProperty(SEQUENCES, (ops) => runModel(ops)), {
    numRuns: RUNS,
    ...(SEED ? { seed: Number(SEED) } : {}),
  });
});

Deno.test("KvStore - the model agrees on a SQLite file with maxChecks 10", async () => {
  const dir = await Deno.makeTempDir({ prefix: "apifn-kv-model-" });
  try {
    await fc.assert(fc.asyncProperty(SEQUENCES, (ops) => runModel(ops, { dir, maxChecks: 10 })), {
      numRuns: Math.max(1, Math.round(RUNS / 6)),
      ...(SEED ? { seed: Number(SEED) } : {}),
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
