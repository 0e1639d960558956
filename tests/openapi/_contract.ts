/** A project driven by a multi-file API description (tests/openapi, tests/app, tests/cli). */

/** The description and functions; `extra` adds or replaces files. */
export const CONTRACT_FILES: Record<string, string> = {
  "redocly.yaml": "apis:\n  shop@v1:\n    root: ./spec/openapi.yaml\n",
  "spec/openapi.yaml": `openapi: 3.1.0
info: { title: Shop, version: 1.0.0 }
servers: [{ url: "https://shop.example/api" }]
paths:
  /items:
    $ref: ./paths/items.yaml
  /items/{itemId}:
    $ref: ./paths/item.yaml
  /orders:
    get:
      responses:
        "200":
          description: Orders
          content:
            application/json:
              examples:
                two: { value: { orders: [1, 2] } }
                none: { value: { orders: [] } }
        "404":
          description: Not found
          content: { application/json: { schema: { $ref: "#/components/schemas/Error" } } }
  /stats:
    get:
      responses:
        "201":
          description: Stats
          content: { application/json: { schema: { $ref: ./schemas/stats.yaml } } }
components:
  schemas:
    Error:
      type: object
      properties: { error: { type: string, example: not here } }
`,
  "spec/paths/items.yaml": `get:
  parameters:
    - name: limit
      in: query
      schema: { type: integer, minimum: 1, maximum: 10 }
  responses:
    "200":
      description: Items
      content:
        application/json:
          schema: { type: array, items: { $ref: ../schemas/item.yaml } }
post:
  requestBody:
    required: true
    content:
      application/json:
        schema: { $ref: ../schemas/item.yaml }
  responses:
    "201": { description: Created }
`,
  "spec/paths/item.yaml": `parameters:
  - name: itemId
    in: path
    required: true
    schema: { type: integer, minimum: 1 }
get:
  responses:
    "200":
      description: One item
      content: { application/json: { schema: { $ref: ../schemas/item.yaml } } }
`,
  "spec/schemas/item.yaml": `type: object
required: [name]
properties:
  name: { type: string, maxLength: 8 }
`,
  "spec/schemas/stats.yaml": `type: object
properties:
  count: { type: integer, minimum: 3 }
  tags: { type: array, items: { type: string, enum: [new, old] } }
`,
  "@api/items.get.ts": `export default (_request, context) =>
  context.json(context.query.limit === "9" ? [{ name: "far too long a name" }] : [{ name: "a" }]);
`,
  "@api/items.post.ts": `export default async (request, context) =>
  context.status(201).json(await request.json());
`,
  // The file's parameter is \`id\`; the description's is \`itemId\`.
  "@api/items/[id].get.ts":
    `export default (_request, context) => context.json({ id: context.params.id });
`,
  "@api/health.get.ts": `export default () => Response.json({ ok: true });
`,
};

/**
 * Writes the project into a new temporary directory.
 *
 * @param extra Files to add (or replace; `null` removes one).
 * @returns The root.
 */
export async function writeContractProject(
  extra: Record<string, string | null> = {},
): Promise<string> {
  const root = await Deno.makeTempDir({ prefix: "apifn_contract_" });
  const files = { ...CONTRACT_FILES, ...extra };
  for (const [name, text] of Object.entries(files)) {
    if (text === null) continue;
    const path = `${root}/${name}`;
    await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
    await Deno.writeTextFile(path, text);
  }
  return root;
}
