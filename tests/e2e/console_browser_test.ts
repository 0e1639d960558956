/**
 * The console in a real headless Chromium (Debian's `chromium`, driven by `puppeteer-core`)
 * against `apifn dev` on a copy of examples/notes: every step of issue 19's browser list.
 * Screenshots go to a temp folder, or to docs/screenshots/ (the README's) with
 * APIFN_UPDATE_SCREENSHOTS=1. Skipped, saying so, only when no Chromium is installed.
 */
import assert from "node:assert/strict";
import puppeteer, { type Page } from "puppeteer-core";
import { copyDir, startServer } from "./_server.ts";

const CHROMIUM = Deno.env.get("CHROMIUM") ?? "/usr/bin/chromium";
const found = await Deno.stat(CHROMIUM).then(() => true, () => false);
if (!found) {
  console.warn(`console_browser_test: skipped, no Chromium at ${CHROMIUM} (set CHROMIUM)`);
}
const CLI = new URL("../../src/cli/main.ts", import.meta.url).pathname;
const EXAMPLE = new URL("../../examples/notes", import.meta.url).pathname;
const SHOTS = new URL("../../docs/screenshots", import.meta.url).pathname;
/** The DOM members the steps use (the test itself is type-checked without DOM types). */
type Field = { value: string; disabled: boolean; click(): void };
type Doc = { document: { querySelectorAll(s: string): Iterable<{ textContent: string | null }> } };
/** Generous: a busy 2-core machine. */
const WAIT = { timeout: 30_000 };

async function kvGet(root: string, store: string, key: unknown[]): Promise<unknown> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--unstable-kv",
      CLI,
      "kv",
      "get",
      JSON.stringify(key),
      "--root",
      root,
      "--kv",
      store,
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(output.stdout).trim();
  return output.success ? JSON.parse(text) : null;
}

async function curl(url: string, body?: string): Promise<void> {
  const args = ["-sS", "-o", "/dev/null", url];
  if (body) args.push("-H", "content-type: application/json", "-d", body);
  const ran = await new Deno.Command("curl", { args }).output().catch(() => undefined);
  if (!ran?.success) await (await fetch(url, body ? { method: "POST", body } : {})).body?.cancel();
}

/** Waits until the page shows `text` inside `selector`. */
function waitForText(page: Page, selector: string, text: string) {
  return page.waitForFunction(
    (s, t) =>
      [...(globalThis as unknown as Doc).document.querySelectorAll(s)].some((e) =>
        e.textContent?.includes(t)
      ),
    WAIT,
    selector,
    text,
  );
}

Deno.test({
  name: "console in a browser - browse, edit, TTL, delete, export, requests, replay, routes",
  ignore: !found,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const dir = await Deno.makeTempDir({ prefix: "apifn-console-e2e-" });
    const root = `${dir}/notes`;
    const store = `${dir}/kv.sqlite3`;
    const shots = Deno.env.get("APIFN_UPDATE_SCREENSHOTS") === "1" ? SHOTS : `${dir}/screenshots`;
    const downloads = `${dir}/downloads`;
    await Promise.all([copyDir(EXAMPLE, root), Deno.mkdir(shots, { recursive: true })]);
    await Deno.mkdir(downloads);
    const server = await startServer("dev", ["--root", root, "--kv", store, "--quiet"]);
    const base = server.url.replace("127.0.0.1", "localhost");
    for (const title of ["Buy milk", "Call Ada", "Write the README"]) {
      await curl(`${base}/api/notes`, JSON.stringify({ title, content: `about ${title}` }));
    }
    const browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
      pipe: true,
    });
    try {
      const page = await browser.newPage();
      await page.setViewport({ width: 1440, height: 900 });
      const cdp = await page.createCDPSession();
      await cdp.send("Browser.setDownloadBehavior", { behavior: "allow", downloadPath: downloads });
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(String(error)));
      const shot = (name: string) => page.screenshot({ path: `${shots}/${name}.png` });
      await page.goto(`${base}/_apifn/`, { waitUntil: "domcontentloaded" });
      await page.waitForSelector(".live.on", WAIT);

      await t.step("browse a prefix", async () => {
        await page.click("#tab-kv");
        await page.waitForSelector('#tree button[data-part="notes"]', WAIT);
        await page.click('#tree button[data-part="notes"]');
        await page.waitForSelector('#tree button[data-part="anonymous"]', WAIT);
        await waitForText(page, "#kv-total", "3 entries");
        await waitForText(page, "#crumbs button", "notes");
      });
      const keys: unknown[][] = await page.$$eval(
        "#kv-body button.key",
        (b) => b.map((e) => JSON.parse(e.textContent!)),
      );
      assert.equal(keys.length, 3);

      await t.step("open, edit and save a value (then check it with apifn kv get)", async () => {
        await page.click("#kv-body button.key");
        await page.waitForSelector("#kv-editor:not([hidden])", WAIT);
        const value = {
          title: "Buy oat milk",
          content: "edited in the console",
          createdAt: "then",
        };
        await page.$eval("#ed-value", (e) => {
          (e as unknown as Field).value = "{ not json";
          e.dispatchEvent(new Event("input"));
        });
        await waitForText(page, "#ed-error", "Not valid JSON");
        assert.equal(await page.$eval("#ed-save", (e) => (e as unknown as Field).disabled), true);
        await page.$eval("#ed-value", (e, text) => {
          (e as unknown as Field).value = text;
          e.dispatchEvent(new Event("input"));
        }, JSON.stringify(value, null, 2));
        await waitForText(page, "#ed-size", "of the 1 MB limit");
        await page.click("#ed-save");
        await waitForText(page, "#toast", "Saved");
        await shot("kv-browser");
        assert.deepEqual(await kvGet(root, store, keys[0]!), value);
      });

      await t.step("set a TTL and watch the entry expire from the list", async () => {
        await page.$eval("#ed-ttl", (e) => ((e as unknown as Field).value = "2"));
        await page.click("#ed-ttl-set");
        await waitForText(page, "#toast", "TTL set to 2 s");
        await waitForText(page, "#kv-body td[data-expires]", "in ");
        await waitForText(page, "#kv-total", "2 entries");
        const shown = await page.$$eval("#kv-body button.key", (b) => b.map((e) => e.textContent));
        assert.ok(!shown.includes(JSON.stringify(keys[0])));
        await page.click("#ed-close");
      });

      await t.step("delete, with confirmation", async () => {
        await page.click("#kv-body button.key");
        await page.waitForSelector("#kv-editor:not([hidden])", WAIT);
        await page.click("#ed-delete");
        await page.waitForSelector("#confirm[open]", WAIT);
        await page.click("#confirm-ok");
        await waitForText(page, "#kv-total", "1 entry");
        assert.equal(await kvGet(root, store, keys[1]!), null);
      });

      await t.step("export the shown prefix as NDJSON", async () => {
        await page.click("#kv-export");
        const file = `${downloads}/kv-export.ndjson`;
        let text = "";
        for (const until = Date.now() + 30_000; Date.now() < until;) {
          text = await Deno.readTextFile(file).catch(() => "");
          if (text.endsWith("\n")) break;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        const lines = text.trim().split("\n").map((line) => JSON.parse(line));
        assert.deepEqual(lines.map((line) => line.key), [keys[2]]);
      });

      await t.step("watch a request appear live after a curl", async () => {
        await page.click("#tab-requests");
        await page.waitForSelector("#req-body tr", WAIT);
        await curl(`${base}/api/notes?limit=5`);
        await waitForText(page, "#req-body button.link", "/api/notes?limit=5");
        await page.$$eval(
          "#req-body button.link",
          (b) =>
            (b.find((e) => e.textContent === "/api/notes?limit=5") as unknown as Field).click(),
        );
        await waitForText(page, "#rd-title", "GET /api/notes?limit=5 → 200");
        await waitForText(page, "#rd-res-body", "Write the README");
        await shot("requests");
      });

      await t.step("replay it, edited", async () => {
        await page.$eval("#rp-path", (e) => ((e as unknown as Field).value = "/api/notes?limit=1"));
        await page.click("#replay button[type=submit]");
        await waitForText(page, "#rp-result", "Answer: 200");
        const answer = JSON.parse(await page.$eval("#rp-answer", (e) => e.textContent!));
        assert.equal(answer.notes.length, 1);
        await waitForText(page, "#req-body button.link", "/api/notes?limit=1");
      });

      await t.step("see a new route appear after adding a file", async () => {
        await page.click("#tab-routes");
        await Deno.writeTextFile(
          `${root}/@api/hello.get.ts`,
          "export default () => new Response('hi');",
        );
        await waitForText(page, "#routes-body td", "/api/hello");
        await waitForText(page, "#routes-body td", "@api/hello.get.ts");
        await shot("routes");
      });
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await server.stop("SIGTERM", 30_000);
      await Deno.remove(dir, { recursive: true });
    }
  },
});
