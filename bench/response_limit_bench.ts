/**
 * The response size limit's cost on small answers: `app.fetch` of a small JSON answer built by
 * `context.json()` and by `Response.json()`, with the default limit and with none (`Infinity`).
 *
 * Run: deno bench -A bench/response_limit_bench.ts
 */
import { fn, memoryApp } from "../tests/_app.ts";

const files = {
  "@api/context.ts": fn((_request, context) => context.json({ message: "Hello, world!" })),
  "@api/plain.ts": fn(() => Response.json({ message: "Hello, world!" })),
};
const limited = await memoryApp(files, { preload: true });
const unlimited = await memoryApp(files, { preload: true, limits: { maxResponseBytes: Infinity } });

for (const name of ["context", "plain"]) {
  const request = () => new Request(`http://localhost/api/${name}`);
  Deno.bench(`${name}: no limit`, { group: name, baseline: true }, async () => {
    await (await unlimited.fetch(request())).bytes();
  });
  Deno.bench(`${name}: 5 MB limit`, { group: name }, async () => {
    await (await limited.fetch(request())).bytes();
  });
}
