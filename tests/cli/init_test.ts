import assert from "node:assert/strict";
import { CLI, run, spawnServer } from "./_cli.ts";

Deno.test("apifn init - scaffolds a project whose start task serves /api/hello", async () => {
  const dir = await Deno.makeTempDir({ prefix: "apifn_init_" });
  const project = `${dir}/my-api`;
  try {
    const created = await run(["init", project], { env: { APIFN_CLI: CLI } });
    assert.equal(created.code, 0, created.stderr);
    assert.equal(await Deno.readTextFile(`${project}/.gitignore`), ".apifn/\n.env\n");
    const config = JSON.parse(await Deno.readTextFile(`${project}/deno.json`));
    assert.deepEqual(Object.keys(config.tasks), ["dev", "start", "serve", "gen"]);
    assert.deepEqual(config.tasks.start.dependencies, ["gen"]);
    assert.match(config.imports["@apifn/core"], /^file:\/\/.*\/mod\.ts$/);
    assert.match(
      await Deno.readTextFile(`${project}/apifn.manifest.ts`),
      /load: \(\) => import\("\.\/@api\/hello\.get\.ts"\)/,
    );

    // Run the start task's command as written, from the project directory.
    const task = (config.tasks.start.command as string).split(" ");
    assert.equal(task[0], "deno");
    const server = await spawnServer(
      [Deno.execPath(), ...task.slice(1), "--port", "0", "--hostname", "127.0.0.1"],
      { cwd: project },
    );
    try {
      const response = await fetch(`${server.url}/api/hello?name=Ada`);
      assert.deepEqual(await response.json(), { message: "Hello, Ada!" });
    } finally {
      await server.stop();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("apifn init - refuses to overwrite, names the file, writes nothing", async (t) => {
  for (const name of ["deno.json", "apifn.manifest.ts"]) {
    await t.step(name, async () => {
      const dir = await Deno.makeTempDir({ prefix: "apifn_init_" });
      try {
        await Deno.writeTextFile(`${dir}/${name}`, "{}\n");
        const result = await run(["init"], { cwd: dir });
        assert.equal(result.code, 1);
        assert.match(
          result.stderr,
          new RegExp(`Refusing to overwrite '${name.replaceAll(".", "\\.")}'`),
        );
        assert.deepEqual(
          (await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name),
          [name],
        );
        assert.equal(await Deno.readTextFile(`${dir}/${name}`), "{}\n");
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    });
  }
});

Deno.test("apifn init - the default tasks run the CLI from JSR", async () => {
  const dir = await Deno.makeTempDir({ prefix: "apifn_init_" });
  try {
    const result = await run(["init", dir], { env: { APIFN_CLI: "" } });
    assert.equal(result.code, 0);
    const config = JSON.parse(await Deno.readTextFile(`${dir}/deno.json`));
    assert.equal(
      config.tasks.dev,
      "deno run -A --unstable-kv --sloppy-imports jsr:@apifn/core@^0.1/cli dev",
    );
    assert.deepEqual(config.unstable, ["kv", "sloppy-imports"]);
    assert.equal(config.imports["@apifn/core"], "jsr:@apifn/core@^0.1");
    assert.match(await Deno.readTextFile(`${dir}/@api/hello.get.ts`), /from "@apifn\/core"/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
