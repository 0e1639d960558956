import assert from "node:assert/strict";

const CLI = new URL("../../src/cli/main.ts", import.meta.url).pathname;

async function run(args: string[], cwd?: string) {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--unstable-kv", CLI, ...args],
    stdout: "piped",
    stderr: "piped",
    ...(cwd ? { cwd } : {}),
  }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

Deno.test("apifn CLI - usage errors exit 2 with a clear message", async (t) => {
  const cases: [string[], RegExp][] = [
    [["frobnicate"], /Unknown command 'frobnicate'/],
    [["start", "--nope"], /Unknown option '--nope'/],
    [["start", "--port", "http"], /Invalid --port 'http'/],
    [[], /Usage: apifn <command>/],
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
  for (const command of ["dev", "start", "routes"]) {
    await t.step(command, async () => {
      const result = await run([command, "--help"]);
      assert.equal(result.code, 0);
      assert.match(result.stdout, new RegExp(`Usage: apifn ${command}`));
    });
  }
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
