import assert from "node:assert/strict";
import { createApp } from "../../src/app.ts";
import { writeContractProject } from "./_contract.ts";

Deno.test("contract - a broken description is a startup error naming the file and the place", async (t) => {
  const cases: Array<[string, Record<string, string | null>, RegExp]> = [
    [
      "a $ref to a missing file",
      { "spec/schemas/item.yaml": null },
      /^Cannot resolve \$ref '\.\.\/schemas\/item\.yaml' at 'get\.responses\.200\.content\.application\/json\.schema\.items' in API description '.*\/spec\/paths\/items\.yaml': file '.*\/spec\/schemas\/item\.yaml' not found$/,
    ],
    [
      "a $ref cycle",
      { "spec/schemas/item.yaml": "type: object\nproperties:\n  parent: { $ref: ./item.yaml }\n" },
      /^Cannot resolve \$ref '\.\/item\.yaml' at 'properties\.parent' in API description '.*\/spec\/schemas\/item\.yaml': cycle .*item\.yaml -> .*item\.yaml$/,
    ],
    [
      "a pointer that is not there",
      { "spec/paths/item.yaml": "get:\n  responses: { $ref: '#/components/nothing' }\n" },
      /^Cannot resolve \$ref '#\/components\/nothing' at 'get\.responses' in API description '.*\/spec\/paths\/item\.yaml': '#\/components\/nothing' not found in '.*\/spec\/paths\/item\.yaml'$/,
    ],
    [
      "a root file that is not there",
      { "spec/openapi.yaml": null },
      /^Cannot read API description 'shop@v1' \('.*\/spec\/openapi\.yaml'\): file not found$/,
    ],
    [
      "a file that does not parse",
      { "spec/paths/item.yaml": "get: [\n" },
      /^Cannot parse API description '.*\/spec\/paths\/item\.yaml' at line 2: /,
    ],
    [
      "not OpenAPI 3",
      { "spec/openapi.yaml": "swagger: '2.0'\n" },
      /^Cannot use API description '.*\/spec\/openapi\.yaml': 'openapi' must be a 3\.x version/,
    ],
  ];
  for (const [title, files, message] of cases) {
    await t.step(title, async () => {
      const root = await writeContractProject(files);
      try {
        await assert.rejects(createApp({ root, kv: ":memory:", dev: true }), { message });
      } finally {
        await Deno.remove(root, { recursive: true });
      }
    });
  }
});

Deno.test("contract - an operation that cannot be checked fails its file, naming both", async () => {
  const root = await writeContractProject({
    "spec/paths/item.yaml": "get:\n  parameters: [{ name: other, in: path }]\n",
  });
  try {
    await assert.rejects(
      createApp({ root, kv: ":memory:" }),
      /Cannot use the API description for '@api\/items\/\[id\]\.get\.ts': Cannot use the operation GET \/api\/items\/\{itemId\} .*parameter 'other' in path is not in the file name/,
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
