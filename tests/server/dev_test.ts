import assert from "node:assert/strict";
import { fn, setup, teardown, until } from "./_dev.ts";

Deno.test("serveDev - hot reload over a real watcher", async (t) => {
  const { root, server, lines, get, expect } = await setup();
  try {
    await t.step("add, edit, rename, delete", async () => {
      assert.deepEqual(await get("/api/a"), { status: 200, text: "a1" });
      await Deno.writeTextFile(`${root}/@api/b.get.ts`, fn("b1"));
      await expect("/api/b", 200, "b1");
      assert.ok(lines.some((l) => l.includes("+ GET     /api/b  (@api/b.get.ts)")));
      await Deno.writeTextFile(`${root}/@api/a.get.ts`, fn("a2 (edited)"));
      await expect("/api/a", 200, "a2 (edited)");
      await Deno.rename(`${root}/@api/b.get.ts`, `${root}/@api/c.get.ts`);
      await expect("/api/c", 200, "b1");
      assert.equal((await get("/api/b")).status, 404);
      await Deno.remove(`${root}/@api/c.get.ts`);
      await expect("/api/c", 404);
    });
    await t.step("new folders, including a configured one missing at start", async () => {
      await Deno.mkdir(`${root}/@api/sub/deeper`, { recursive: true });
      await Deno.writeTextFile(`${root}/@api/sub/deeper/x.get.ts`, fn("x"));
      await expect("/api/sub/deeper/x", 200, "x");
      await Deno.mkdir(`${root}/blog`);
      await Deno.writeTextFile(`${root}/blog/feed.get.ts`, fn("feed"));
      await expect("/blog/feed", 200, "feed");
    });
    await t.step("a broken file answers 500 with file and line, is reported once", async () => {
      await Deno.writeTextFile(
        `${root}/@api/broken.get.ts`,
        'export default function () {\n  return new Response("x"\n}\n',
      );
      const broken = await expect("/api/broken", 500);
      assert.match(broken.text, /broken\.get\.ts[^"]*:3:1/);
      assert.deepEqual(await get("/api/a"), { status: 200, text: "a2 (edited)" });
      await get("/api/broken");
      await Deno.writeTextFile(`${root}/@api/other.get.ts`, fn("other")); // another reload
      await expect("/api/other", 200, "other");
      await get("/api/broken");
      const reports = lines.filter((l) => l.includes("Cannot load function file"));
      assert.equal(reports.length, 1, reports.join("\n---\n"));
      assert.match(reports[0]!, /@api\/broken\.get\.ts/);
      await Deno.writeTextFile(`${root}/@api/broken.get.ts`, fn("fixed"));
      await expect("/api/broken", 200, "fixed");
    });
    await t.step("a conflict keeps the last good table until it is removed", async () => {
      await Deno.mkdir(`${root}/@api/a`);
      await Deno.writeTextFile(`${root}/@api/a/index.get.ts`, fn("conflict"));
      const failure = await until(
        "the conflict report",
        () => Promise.resolve(lines.find((l) => l.includes("reload failed"))),
      );
      assert.match(failure, /@api\/a\.get\.ts/);
      assert.match(failure, /@api\/a\/index\.get\.ts/);
      assert.deepEqual(await get("/api/a"), { status: 200, text: "a2 (edited)" });
      await Deno.writeTextFile(`${root}/@api/[bad][name].get.ts`, fn("bad"));
      await until(
        "the bad name report",
        () => Promise.resolve(lines.find((l) => l.includes("[bad][name].get.ts"))),
      );
      await Deno.remove(`${root}/@api/[bad][name].get.ts`);
      await Deno.remove(`${root}/@api/a`, { recursive: true });
      await Deno.writeTextFile(`${root}/@api/after.get.ts`, fn("after"));
      await expect("/api/after", 200, "after");
      assert.deepEqual(await get("/api/a"), { status: 200, text: "a2 (edited)" });
    });
  } finally {
    await teardown(server, root);
  }
});

Deno.test("serveDev - .env and imported modules", async (t) => {
  const { root, server, lines, get, expect } = await setup();
  try {
    await t.step(".env changes reach Deno.env; real variables win", async () => {
      Deno.env.set("APIFN_DEV_REAL", "real");
      await Deno.writeTextFile(
        `${root}/@api/env.get.ts`,
        "export default () => new Response(`${Deno.env.get('APIFN_DEV_GREETING')} " +
          "${Deno.env.get('APIFN_DEV_REAL')}`);\n",
      );
      await expect("/api/env", 200, "undefined real");
      await Deno.writeTextFile(`${root}/.env`, "APIFN_DEV_GREETING=hi\nAPIFN_DEV_REAL=file\n");
      await expect("/api/env", 200, "hi real");
      await Deno.writeTextFile(`${root}/.env`, "APIFN_DEV_GREETING=hello\n");
      await expect("/api/env", 200, "hello real");
    });
    await t.step(
      "a changed helper re-imports function files and says what it cannot do",
      async () => {
        await Deno.writeTextFile(`${root}/@api/_util.ts`, "export const id = 1;\n");
        await Deno.writeTextFile(
          `${root}/@api/gen.get.ts`,
          "import { id } from './_util.ts';\nconst loaded = crypto.randomUUID();\n" +
            "export default () => new Response(`${id} ${loaded}`);\n",
        );
        const first = await expect("/api/gen", 200);
        await Deno.writeTextFile(`${root}/@api/_util.ts`, "export const id = 2;\n");
        const second = await until("a new module generation", async () => {
          const got = await get("/api/gen");
          return got.text !== first.text ? got : undefined;
        });
        assert.equal(second.text.split(" ")[0], "1"); // the helper itself stays cached
        assert.ok(
          lines.some((l) => l.includes("'@api/_util.ts' changed") && l.includes("restart")),
        );
      },
    );
  } finally {
    Deno.env.delete("APIFN_DEV_REAL");
    Deno.env.delete("APIFN_DEV_GREETING");
    await teardown(server, root);
  }
});

Deno.test("serveDev - environments: .env files, $ref'd files, env: overrides and the branch hot reload", async (t) => {
  const { root, server, lines, get, expect } = await setup();
  const names = ["APIFN_DEV_GENERAL", "APIFN_DEV_BRANCH", "APIFN_DEV_MODE"];
  const show = (text: string) =>
    until(`/api/show → ${text}`, async () => {
      const got = await get("/api/show");
      return got.text === text ? got : undefined;
    });
  try {
    await Deno.writeTextFile(
      `${root}/@api/show.get.ts`,
      "export default (_req, ctx) => new Response([ctx.config.title ?? '-', ctx.config.source ?? '-', " +
        "...['APIFN_DEV_GENERAL', 'APIFN_DEV_BRANCH', 'APIFN_DEV_MODE']" +
        ".map((n) => process.env[n] ?? '-')].join(' '));\n",
    );
    await expect("/api/show", 200);
    await t.step(".env, then .env.development (the environment of dev) wins", async () => {
      await Deno.writeTextFile(`${root}/.env`, "APIFN_DEV_GENERAL=g\nAPIFN_DEV_MODE=general\n");
      await show("- - g - general");
      await Deno.writeTextFile(`${root}/.env.development`, "APIFN_DEV_MODE=dev\n");
      await show("- - g - dev");
      await Deno.writeTextFile(`${root}/.env.production`, "APIFN_DEV_MODE=prod\n");
      await Deno.writeTextFile(`${root}/@api/other.get.ts`, fn("x")); // a later reload
      await expect("/api/other", 200, "x");
      assert.equal((await get("/api/show")).text, "- - g - dev");
    });
    await t.step("a $ref'd file and a placeholder in redocly.yaml", async () => {
      await Deno.writeTextFile(`${root}/title.yaml`, "Notes\n");
      await Deno.writeTextFile(
        `${root}/redocly.yaml`,
        "title: { $ref: ./title.yaml }\nsource: '{{ process.env.APIFN_DEV_MODE }}'\n",
      );
      await show("Notes dev g - dev");
      await Deno.writeTextFile(`${root}/title.yaml`, "Notes v2\n");
      await show("Notes v2 dev g - dev");
    });
    await t.step("env: overrides, one of them a $ref", async () => {
      await Deno.writeTextFile(`${root}/dev-overrides.yaml`, "title: Dev notes\n");
      await Deno.writeTextFile(
        `${root}/redocly.yaml`,
        "title: { $ref: ./title.yaml }\nsource: general\nenv:\n" +
          "  development: { $ref: ./dev-overrides.yaml }\n" +
          "  production: { title: Live }\n" +
          "  branch.feature-x: { source: 'branch {{ process.env.APIFN_DEV_BRANCH }}' }\n",
      );
      await show("Dev notes general g - dev");
      await Deno.writeTextFile(`${root}/dev-overrides.yaml`, "title: Dev notes v2\n");
      await show("Dev notes v2 general g - dev");
    });
    await t.step("a git branch switch loads .env.branch.<branch> and branch.<name>", async () => {
      await Deno.writeTextFile(`${root}/.env.branch.feature-x`, "APIFN_DEV_BRANCH=b\n");
      const git = (...args: string[]) =>
        new Deno.Command("git", { args, cwd: root, stdout: "null", stderr: "null" }).output();
      assert.ok((await git("init", "-q", "-b", "main")).success);
      assert.ok((await git("checkout", "-q", "-b", "feature/x")).success);
      await show("Dev notes v2 branch b g b dev");
      assert.ok((await git("checkout", "-q", "-b", "main-2")).success);
      await show("Dev notes v2 general g - dev");
    });
    await t.step("a missing $ref keeps the last good config and names the file", async () => {
      await Deno.remove(`${root}/dev-overrides.yaml`);
      const failure = await until(
        "the $ref report",
        () => Promise.resolve(lines.find((l) => l.includes("Cannot resolve $ref"))),
      );
      assert.match(failure, /'\.\/dev-overrides\.yaml' at 'env\.development'/);
      assert.equal((await get("/api/show")).text, "Dev notes v2 general g - dev");
    });
  } finally {
    for (const name of names) Deno.env.delete(name);
    await teardown(server, root);
  }
});
