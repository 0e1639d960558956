import assert from "node:assert/strict";
import process from "node:process";
import { loadDotenv, parseDotenv } from "../../src/config/dotenv.ts";

Deno.test("parseDotenv - reads assignments", async (t) => {
  const cases: [string, string, [string, string][]][] = [
    ["empty text", "", []],
    ["simple", "A=1\nB=two", [["A", "1"], ["B", "two"]]],
    ["CRLF line ends", "A=1\r\nB=2\r\n", [["A", "1"], ["B", "2"]]],
    ["BOM", "\uFEFFA=1", [["A", "1"]]],
    ["export prefix", "export A=1\n  export   B = 2", [["A", "1"], ["B", "2"]]],
    ["a key named export", "export=1", [["export", "1"]]],
    ["full-line comments and blanks", "# c\n\n   # d\nA=1\n", [["A", "1"]]],
    ["inline comment after unquoted", "A=abc # note\nB=x\t# tab", [["A", "abc"], ["B", "x"]]],
    ["hash without space is data", "A=a#b\nB=#c", [["A", "a#b"], ["B", "#c"]]],
    ["comment right after equals", "A= # nothing", [["A", ""]]],
    ["unquoted trimmed", "A =   spaced out   ", [["A", "spaced out"]]],
    ["empty values", "A=\nB=''\nC=\"\"", [["A", ""], ["B", ""], ["C", ""]]],
    ["equals in value", "URL=postgres://u:p@h/db?a=b", [["URL", "postgres://u:p@h/db?a=b"]]],
    ["single quotes are literal", "A='a\\nb $X # no'", [["A", "a\\nb $X # no"]]],
    ["double quote escapes", 'A="l1\\nl2\\tt\\"q\\" \\\\ \\r \\x"', [[
      "A",
      'l1\nl2\tt"q" \\ \r \\x',
    ]]],
    ["comment after quoted", 'A="x # y" # real comment', [["A", "x # y"]]],
    ["double quotes span lines", 'KEY="line 1\nline 2"\nB=2', [["KEY", "line 1\nline 2"], [
      "B",
      "2",
    ]]],
    ["single quotes span lines", "KEY='a\n\nb'", [["KEY", "a\n\nb"]]],
    ["backticks", 'A=`it\'s "quoted"`', [["A", 'it\'s "quoted"']]],
    ["no expansion", "A=1\nB=${A}-$A", [["A", "1"], ["B", "${A}-$A"]]],
    ["key characters", "a.b-c_D9=1\n_X=2", [["a.b-c_D9", "1"], ["_X", "2"]]],
    ["later assignment wins", "A=1\nA=2", [["A", "2"]]],
    ["__proto__ is an own key", "__proto__=x", [["__proto__", "x"]]],
  ];
  for (const [name, text, expected] of cases) {
    await t.step(name, () => {
      const env = parseDotenv(text);
      assert.deepEqual(Object.entries(env), expected);
      assert.equal(Object.getPrototypeOf(env), Object.prototype);
    });
  }
});

Deno.test("parseDotenv - reports malformed lines with their number", async (t) => {
  const cases: [string, string, string][] = [
    ["no equals", "A=1\nB=2\njust words", "Cannot parse .env line 3: expected KEY=VALUE"],
    ["bad key start", "1A=x", "Cannot parse .env line 1: expected KEY=VALUE"],
    ["space in key", "\nMY KEY=x", "Cannot parse .env line 2: expected KEY=VALUE"],
    ["export without value", "export A", "Cannot parse .env line 1: expected KEY=VALUE"],
    [
      "unterminated double",
      'A=1\nB="open\nC=3',
      "Cannot parse .env line 2: unterminated double-quoted value",
    ],
    [
      "unterminated single",
      "A='open",
      "Cannot parse .env line 1: unterminated single-quoted value",
    ],
    [
      "unterminated backtick",
      "A=`open",
      "Cannot parse .env line 1: unterminated backtick-quoted value",
    ],
    [
      "escaped quote does not close",
      'A="x\\"',
      "Cannot parse .env line 1: unterminated double-quoted value",
    ],
    [
      "text after quote",
      "A=1\nB='x' y",
      "Cannot parse .env line 2: unexpected text after the single-quoted value",
    ],
    [
      "line after multi-line value",
      'A="a\nb" c',
      "Cannot parse .env line 2: unexpected text after the double-quoted value",
    ],
  ];
  for (const [name, text, message] of cases) {
    await t.step(name, () => {
      assert.throws(() => parseDotenv(text), { name: "SyntaxError", message });
    });
  }
  await t.step("names the file when given", () => {
    assert.throws(() => parseDotenv("oops", { path: "/p/.env" }), {
      name: "SyntaxError",
      message: "Cannot parse '/p/.env' line 1: expected KEY=VALUE",
    });
  });
});

Deno.test("loadDotenv - sets missing variables without overriding", async (t) => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/.env`;
  const names = ["APIFN_TEST_NEW", "APIFN_TEST_EXISTING", "APIFN_TEST_EMPTY"];
  try {
    await Deno.writeTextFile(
      path,
      "APIFN_TEST_NEW=from-file\nAPIFN_TEST_EXISTING=from-file\nAPIFN_TEST_EMPTY=\n",
    );
    Deno.env.set("APIFN_TEST_EXISTING", "from-env");
    await t.step("returns only the names it set", async () => {
      assert.deepEqual(await loadDotenv(path), ["APIFN_TEST_NEW", "APIFN_TEST_EMPTY"]);
    });
    await t.step("never overrides", () => {
      assert.equal(Deno.env.get("APIFN_TEST_EXISTING"), "from-env");
      assert.equal(Deno.env.get("APIFN_TEST_NEW"), "from-file");
      assert.equal(Deno.env.get("APIFN_TEST_EMPTY"), "");
    });
    await t.step("process.env reflects Deno.env", () => {
      assert.equal(process.env.APIFN_TEST_NEW, "from-file");
      assert.equal(process.env.APIFN_TEST_EXISTING, "from-env");
    });
    await t.step("a second load sets nothing", async () => {
      assert.deepEqual(await loadDotenv(path), []);
    });
    await t.step("a missing file sets nothing", async () => {
      assert.deepEqual(await loadDotenv(`${dir}/nope.env`), []);
    });
    await t.step("a malformed file names the path and sets nothing", async () => {
      await Deno.writeTextFile(`${dir}/bad.env`, "APIFN_TEST_BAD=1\nbroken\n");
      await assert.rejects(loadDotenv(`${dir}/bad.env`), {
        name: "SyntaxError",
        message: `Cannot parse '${dir}/bad.env' line 2: expected KEY=VALUE`,
      });
      assert.equal(Deno.env.get("APIFN_TEST_BAD"), undefined);
    });
  } finally {
    for (const name of names) Deno.env.delete(name);
    await Deno.remove(dir, { recursive: true });
  }
});
