/**
 * The console page's script, part 2: the KV browser (tree, search, pages by cursor, the entry
 * editor with JSON validation and the 1 MB limit, TTLs, delete, export, import).
 *
 * @module
 */

/** Browser JavaScript (no template literals, so it can live in one). */
export const KV_SCRIPT = String.raw`
const MAX_VALUE = 1024 * 1024;
const kv = { mode: "prefix", prefix: [], start: null, end: null, reverse: false, cursor: null,
  stack: [], page: null, after: null, editing: null, creating: false, refreshing: false };
const keyText = (key) => JSON.stringify(key);
const partText = (part) => typeof part === "string" ? part : JSON.stringify(part);

function kvError(message) {
  $("kv-error").textContent = message || "";
  $("kv-error").hidden = !message;
}

function selectorQuery() {
  const q = [];
  if (kv.mode !== "range") q.push("prefix=" + enc(keyText(kv.prefix)));
  if (kv.mode === "prefix-start" || kv.mode === "range") q.push("start=" + enc(keyText(kv.start)));
  if (kv.mode === "prefix-end" || kv.mode === "range") q.push("end=" + enc(keyText(kv.end)));
  return q.join("&");
}

function renderCrumbs() {
  const nav = $("crumbs");
  nav.replaceChildren(el("button", { type: "button", onclick: () => navigate([]) }, "(all)"));
  kv.prefix.forEach((part, i) => nav.append(el("button", { type: "button",
    onclick: () => navigate(kv.prefix.slice(0, i + 1)) }, partText(part))));
  $("kv-export").href = "/_apifn/console/api/kv/export?prefix=" + enc(keyText(kv.prefix));
}

async function loadTree(more) {
  let query = "kv/tree?prefix=" + enc(keyText(kv.prefix));
  if (more && kv.after !== null) query += "&after=" + enc(JSON.stringify(kv.after));
  const data = await api(query);
  if (!more) $("tree").replaceChildren();
  for (const child of data.children) {
    const path = kv.prefix.concat([child.part]);
    $("tree").append(el("li", null, el("button", { type: "button", class: "node",
      "data-part": partText(child.part), onclick: () => navigate(path) },
      el("span", { class: "part mono" }, partText(child.part)),
      el("span", { class: "count", title: "entries under it" }, String(child.total)))));
  }
  kv.after = data.next;
  $("tree-more").hidden = data.next === null;
}
$("tree-more").addEventListener("click", () => loadTree(true).catch((e) => kvError(e.message)));

function navigate(prefix) {
  kv.mode = "prefix";
  kv.prefix = prefix;
  $("kv-mode").value = "prefix";
  $("kv-prefix").value = keyText(prefix);
  firstPage();
  loadKv();
}

function firstPage() {
  kv.reverse = false;
  kv.cursor = null;
  kv.stack = [];
}

async function loadKv() {
  renderCrumbs();
  kvError("");
  try {
    await Promise.all([loadTree(false), loadPage()]);
  } catch (error) {
    kvError(error.message);
  }
}

async function loadPage() {
  let query = "kv/list?" + selectorQuery();
  if (kv.reverse) query += "&reverse=1";
  if (kv.cursor) query += "&cursor=" + enc(kv.cursor);
  const page = await api(query);
  kv.page = page;
  const body = $("kv-body");
  body.replaceChildren();
  for (const item of page.items) {
    body.append(el("tr", null,
      el("td", { class: "mono" }, el("button", { type: "button", class: "link key",
        onclick: () => openEntry(item.key) }, keyText(item.key))),
      el("td", { class: "mono muted" }, item.preview),
      el("td", { class: "num" }, bytesText(item.size)),
      el("td", item.expiresAt ? { "data-expires": String(item.expiresAt) } : null,
        item.expiresAt ? remainingText(item.expiresAt - Date.now()) : "—")));
  }
  if (page.items.length === 0) {
    body.append(el("tr", null, el("td", { colspan: "4", class: "muted" }, "No entries")));
  }
  const where = kv.stack.length || kv.cursor ? " from here on" : "";
  $("kv-total").textContent = page.total + (page.total === 1 ? " entry" : " entries") + where +
    (kv.reverse ? " (from the end)" : "");
  $("kv-next").disabled = !page.cursor;
  $("kv-prev").disabled = kv.stack.length === 0;
}

function reloadPage() {
  return loadPage().catch((error) => kvError(error.message));
}
$("kv-next").addEventListener("click", () => {
  kv.stack.push(kv.cursor);
  kv.cursor = kv.page.cursor;
  reloadPage();
});
$("kv-prev").addEventListener("click", () => {
  kv.cursor = kv.stack.pop();
  reloadPage();
});
$("kv-first").addEventListener("click", () => { firstPage(); reloadPage(); });
$("kv-last").addEventListener("click", () => { firstPage(); kv.reverse = true; reloadPage(); });

function parseKey(text, name) {
  let key;
  try {
    key = JSON.parse(text);
  } catch (_) {
    throw new Error(name + " is not JSON: write it like [\"notes\", 1]");
  }
  if (!Array.isArray(key)) throw new Error(name + " must be a JSON array");
  return key;
}

$("kv-search").addEventListener("submit", (event) => {
  event.preventDefault();
  try {
    kv.mode = $("kv-mode").value;
    if (kv.mode !== "range") kv.prefix = parseKey($("kv-prefix").value || "[]", "Prefix");
    kv.start = kv.mode === "prefix-start" || kv.mode === "range" ? parseKey($("kv-start").value, "Start") : null;
    kv.end = kv.mode === "prefix-end" || kv.mode === "range" ? parseKey($("kv-end").value, "End") : null;
  } catch (error) {
    kvError(error.message);
    return;
  }
  firstPage();
  loadKv();
});

setInterval(() => {
  let expired = false;
  for (const cell of document.querySelectorAll("[data-expires]")) {
    const left = Number(cell.dataset.expires) - Date.now();
    cell.textContent = remainingText(left);
    if (left <= 0) expired = true;
  }
  if (kv.editing && kv.editing.expiresAt) {
    $("ed-expires").textContent = "Expires " + remainingText(kv.editing.expiresAt - Date.now());
  }
  if (expired && !kv.refreshing) {
    kv.refreshing = true;
    Promise.all([loadPage(), loadTree(false)]).catch((e) => kvError(e.message))
      .finally(() => { kv.refreshing = false; });
  }
}, 1000);
`;
