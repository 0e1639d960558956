/**
 * A project whose route files have tricky but legal names: each name is a trap for a file URL
 * built by hand (`%41` decodes to `A`, `#` starts a fragment, `?` a query, `%2F` a slash),
 * and each file exports `self`, its own path, so a test can tell which file was imported.
 */

/** Route files, relative to the root; each trap sits beside the file it could be taken for. */
export const ODD_NAMES: readonly string[] = [
  "@api/A.get.ts",
  "@api/%41.get.ts",
  "@api/a.get.ts",
  "@api/a#b.get.ts",
  "@api/q.get.ts",
  "@api/q?x=1.get.ts",
  "@api/x/y.get.ts",
  "@api/x%2Fy.get.ts",
  "@api/100%.get.ts",
  "@api/sp ace/t\u00e1b le.get.ts",
  "@api/caf\u00e9.get.ts",
  "@api/cafe\u0301.get.ts",
  "@api/\u65e5\u672c/\u{1f600}.get.ts",
  "@api/semi;colon,eq=amp&plus+$'!().get.ts",
  "@api/items/[id].get.ts",
  "@api/items/[id]/[...rest].get.ts",
  "@api/@at/[[...all]].get.ts",
];

/** A project in a new temporary directory (itself oddly named); disposing removes it. */
export interface OddProject extends AsyncDisposable {
  /** The project root. */
  root: string;
}

/** Writes the project into a new temporary directory. */
export async function writeOddProject(): Promise<OddProject> {
  const temp = await Deno.makeTempDir({ prefix: "apifn_odd_" });
  const root = `${temp}/odd names #%25?`;
  for (const relative of ODD_NAMES) {
    const path = `${root}/${relative}`;
    await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
    await Deno.writeTextFile(
      path,
      `export const self = ${JSON.stringify(relative)};\n` +
        "export default () => new Response(self);\n",
    );
  }
  return { root, [Symbol.asyncDispose]: () => Deno.remove(temp, { recursive: true }) };
}
