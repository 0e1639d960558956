import assert from "node:assert/strict";
import { run } from "./_cli.ts";

Deno.test("apifn CLI - usage errors exit 2 with a clear message", async (t) => {
  const cases: [string[], RegExp][] = [
    [["frobnicate"], /Unknown command 'frobnicate'/],
    [["start", "--nope"], /Unknown option '--nope'/],
    [["start", "--port", "http"], /Invalid --port 'http'/],
    [["start", "--shutdown-grace-ms", "5s"], /Invalid --shutdown-grace-ms '5s'/],
    [["dev", "--shutdown-grace-ms=-1"], /Invalid --shutdown-grace-ms '-1'/],
    [["start", "--health", "--no-health"], /Cannot use --health with --no-health/],
    [[], /Usage: apifn <command>/],
    [["dev", "--parallel"], /Unknown option '--parallel'/],
    [["init", "a", "b"], /init takes at most one directory/],
    [["gen", "--nope"], /Unknown option '--nope'/],
    [["kv"], /Usage: apifn kv <command>/],
    [["kv", "frob"], /Unknown kv command 'frob'/],
    [["kv", "get"], /kv get takes 1 arguments/],
    [["kv", "get", "notes"], /Invalid key 'notes': expected a JSON array/],
    [["kv", "set", '["a"]', "{bad"], /Invalid value '\{bad'/],
    [["kv", "set", '["a"]', "1", "--ttl", "0"], /Invalid --ttl '0'/],
    [["kv", "list", "--limit", "many"], /Invalid --limit 'many'/],
    [["kv", "export", "--nope"], /Unknown option '--nope'/],
  ];
  for (const [args, message] of cases) {
    await t.step(args.join(" ") || "(no command)", async () => {
      const result = await run(args);
      assert.equal(result.code, 2);
      assert.match(result.stderr + result.stdout, message);
    });
  }
});

Deno.test("apifn CLI - every command has --help", async (t) => {
  for (const command of ["dev", "start", "routes", "init", "gen", "kv"]) {
    await t.step(command, async () => {
      const result = await run([command, "--help"]);
      assert.equal(result.code, 0);
      assert.match(result.stdout, new RegExp(`Usage: apifn ${command}`));
    });
  }
  await t.step("kv get --help", async () => {
    const result = await run(["kv", "get", "--help"]);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /Usage: apifn kv/);
  });
});

Deno.test("apifn routes - prints the table in match order, --json for machines", async () => {
  const root = await Deno.makeTempDir();
  await Deno.mkdir(`${root}/@api/users`, { recursive: true });
  for (const file of ["users/[id].get.ts", "users/me.get.ts", "users/[...rest].ts"]) {
    await Deno.writeTextFile(`${root}/@api/${file}`, "export default () => new Response();");
  }
  try {
    const text = await run(["routes", "--root", root]);
    assert.equal(text.code, 0);
    const order = text.stdout.trim().split("\n").map((line) =>
      line.split(/\s+/).slice(0, 2).join(" ")
    );
    assert.deepEqual(order, ["GET /api/users/me", "GET /api/users/[id]", "* /api/users/[...rest]"]);
    const json = await run(["routes", "--root", root, "--json"]);
    assert.deepEqual(JSON.parse(json.stdout)[0], {
      method: "GET",
      path: "/api/users/me",
      file: "@api/users/me.get.ts",
    });
    await Deno.mkdir(`${root}/@api/users/me`);
    await Deno.writeTextFile(
      `${root}/@api/users/me/index.get.ts`,
      "export default () => new Response();",
    );
    const conflict = await run(["routes", "--root", root]);
    assert.equal(conflict.code, 1);
    assert.match(conflict.stderr, /users\/me\.get\.ts/);
    assert.match(conflict.stderr, /users\/me\/index\.get\.ts/);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("apifn routes - lists each route's middleware chain, root first", async () => {
  const root = await Deno.makeTempDir();
  const pass = "export default (_request, _context, next) => next();";
  const files: Record<string, string> = {
    "@api/_middleware.ts": pass,
    "@api/users/_middleware.ts": pass,
    "@api/users/[id].get.ts": "export default () => new Response();",
    "@api/health.get.ts": "export default () => new Response();",
    "blog/feed.get.ts": "export default () => new Response();",
    "redocly.yaml": "apiFunctions:\n  folders: [/blog]\n",
  };
  for (const [name, text] of Object.entries(files)) {
    await Deno.mkdir(`${root}/${name}`.replace(/\/[^/]*$/, ""), { recursive: true });
    await Deno.writeTextFile(`${root}/${name}`, text);
  }
  try {
    const text = await run(["routes", "--root", root]);
    assert.equal(text.code, 0, text.stderr);
    const lines = text.stdout.trim().split("\n");
    assert.deepEqual(lines.map((line) => line.split("middleware: ")[1]), [
      "@api/_middleware.ts",
      "@api/_middleware.ts → @api/users/_middleware.ts",
      undefined,
    ]);
    assert.match(lines[0]!, /^GET\s+\/api\/health\s/);
    const json = JSON.parse((await run(["routes", "--root", root, "--json"])).stdout);
    assert.deepEqual(json.map((route: { middleware?: string[] }) => route.middleware), [
      ["@api/_middleware.ts"],
      ["@api/_middleware.ts", "@api/users/_middleware.ts"],
      undefined,
    ]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
