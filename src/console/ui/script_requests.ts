/**
 * The console page's script, part 4: the requests view (live rows, the detail with masked
 * headers and bodies, replay with edits) and the start of the page.
 *
 * @module
 */

/** Browser JavaScript (no template literals, so it can live in one). */
export const REQUESTS_SCRIPT = String.raw`
const shown = new Map();
let current = null;

function requestRow(r) {
  const first = r.logs.length ? r.logs[0].text : "";
  return el("tr", { "data-id": String(r.id) },
    el("td", { class: "muted" }, new Date(r.at).toLocaleTimeString()),
    el("td", null, el("span", { class: "method m-" + r.method.toLowerCase() }, r.method)),
    el("td", { class: "mono" }, el("button", { type: "button", class: "link",
      onclick: () => openRequest(r.id) }, r.path)),
    el("td", null, el("span", { class: "status s" + String(r.status)[0] }, String(r.status))),
    el("td", { class: "num" }, r.durationMs.toFixed(1)),
    el("td", null, r.user),
    el("td", { class: "mono" }, r.file || "—"),
    el("td", { class: "mono muted", title: r.logs.map((l) => l.text).join("\n") },
      r.logs.length > 1 ? first + " (+" + (r.logs.length - 1) + ")" : first));
}

function addRequest(r) {
  if (!opened.has("requests") || shown.has(r.id)) return;
  const row = requestRow(r);
  shown.set(r.id, row);
  $("req-body").prepend(row);
  while (shown.size > 200) {
    const oldest = Math.min(...shown.keys());
    shown.get(oldest).remove();
    shown.delete(oldest);
  }
}

async function loadRequests() {
  try {
    const data = await api("requests");
    for (const r of data.requests.slice().reverse()) addRequest(r);
  } catch (error) {
    toast(error.message, true);
  }
}

function pairs(table, headers) {
  table.replaceChildren();
  for (const [name, value] of headers) {
    table.append(el("tr", null, el("td", null, name), el("td", { class: "mono" }, value)));
  }
}

function bodyText(body) {
  if (!body) return "(no body)";
  return body.text + (body.truncated ? "\n… cut at 64 KB" : "");
}

async function openRequest(id) {
  let d;
  try {
    d = await api("requests/" + id);
  } catch (error) {
    toast(error.message, true);
    return;
  }
  current = d;
  $("req-detail").hidden = false;
  $("rd-title").textContent = d.method + " " + d.path + " → " + d.status;
  const logs = $("rd-logs");
  logs.replaceChildren();
  for (const line of d.logs) logs.append(el("div", { class: line.level }, line.text));
  if (d.logs.length === 0) logs.textContent = "(no console output)";
  pairs($("rd-req-headers"), d.request.headers);
  pairs($("rd-res-headers"), d.response.headers);
  $("rd-req-body").textContent = bodyText(d.request.body);
  $("rd-res-body").textContent = bodyText(d.response.body);
  $("rp-method").value = d.method;
  $("rp-path").value = d.path;
  $("rp-headers").value = d.request.headers.map((h) => h[0] + ": " + h[1]).join("\n");
  $("rp-body").value = d.request.body ? d.request.body.text : "";
  $("rp-result").hidden = true;
  $("rd-title").focus();
}

$("replay").addEventListener("submit", async (event) => {
  event.preventDefault();
  if (!current) return;
  const headers = $("rp-headers").value.split("\n").filter((line) => line.trim())
    .map((line) => {
      const at = line.indexOf(":");
      return [line.slice(0, at).trim(), line.slice(at + 1).trim()];
    });
  const method = $("rp-method").value.trim().toUpperCase();
  const edits = { method, path: $("rp-path").value.trim(), headers };
  if (method !== "GET" && method !== "HEAD") edits.body = $("rp-body").value;
  const box = $("rp-result");
  try {
    const answer = await api("requests/" + current.id + "/replay", { method: "POST",
      body: JSON.stringify(edits), headers: { "content-type": "application/json" } });
    const table = el("table", { class: "kv-pairs" });
    pairs(table, answer.headers);
    box.replaceChildren(
      el("h3", null, "Answer: ", el("span", { class: "status s" + String(answer.status)[0] },
        String(answer.status)), " in " + answer.durationMs.toFixed(1) + " ms"),
      table, el("pre", { id: "rp-answer" }, bodyText(answer.body)));
  } catch (error) {
    box.replaceChildren(el("p", { class: "error" }, error.message));
  }
  box.hidden = false;
});

const fromHash = () => views.includes(location.hash.slice(1)) ? location.hash.slice(1) : "routes";
window.addEventListener("hashchange", () => show(fromHash()));
show(fromHash());
connect();
`;
