/**
 * The console page's script, part 1: helpers, the API client (every change carries the page's
 * token), tabs, the event stream and the routes view.
 *
 * @module
 */

/** Browser JavaScript (no template literals, so it can live in one). */
export const CORE_SCRIPT = String.raw`"use strict";
const token = document.querySelector('meta[name="apifn-token"]').content;
const $ = (id) => document.getElementById(id);
const enc = encodeURIComponent;

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props || {})) {
    if (name === "class") node.className = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value);
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

async function api(path, init) {
  const options = Object.assign({ credentials: "same-origin" }, init || {});
  const headers = new Headers(options.headers || {});
  if (options.method && options.method !== "GET") headers.set("x-apifn-console-token", token);
  options.headers = headers;
  const response = await fetch("/_apifn/console/api/" + path, options);
  const type = response.headers.get("content-type") || "";
  const data = type.includes("json") ? await response.json() : await response.text();
  if (!response.ok) throw new Error((data && data.error) || ("HTTP " + response.status));
  return data;
}

function toast(message, bad) {
  const box = $("toast");
  box.textContent = message;
  box.className = bad ? "toast bad" : "toast";
  box.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { box.hidden = true; }, 4000);
}

function bytesText(n) {
  if (n < 1024) return n + " B";
  if (n < 1024 * 1024) return (n / 1024).toFixed(1) + " KB";
  return (n / 1024 / 1024).toFixed(2) + " MB";
}

function remainingText(ms) {
  if (ms <= 0) return "expired";
  const s = Math.ceil(ms / 1000);
  if (s < 120) return "in " + s + " s";
  if (s < 7200) return "in " + Math.round(s / 60) + " min";
  if (s < 172800) return "in " + Math.round(s / 3600) + " h";
  return "in " + Math.round(s / 86400) + " days";
}

const views = ["routes", "kv", "requests"];
const opened = new Set();
function show(name) {
  for (const view of views) {
    const on = view === name;
    const tab = $("tab-" + view);
    tab.setAttribute("aria-selected", String(on));
    tab.tabIndex = on ? 0 : -1;
    $("view-" + view).hidden = !on;
  }
  history.replaceState(null, "", "#" + name);
  if (!opened.has(name)) {
    opened.add(name);
    if (name === "kv") loadKv();
    if (name === "requests") loadRequests();
  }
}
for (const view of views) $("tab-" + view).addEventListener("click", () => show(view));
$("tabs").addEventListener("keydown", (event) => {
  const at = views.indexOf(document.activeElement.id.slice(4));
  if (at < 0 || (event.key !== "ArrowRight" && event.key !== "ArrowLeft")) return;
  const next = views[(at + (event.key === "ArrowRight" ? 1 : views.length - 1)) % views.length];
  show(next);
  $("tab-" + next).focus();
  event.preventDefault();
});

function accessText(access) {
  if (!access) return "open";
  const teams = Object.entries(access.teams).filter((e) => e[1]).map((e) => e[0]);
  return teams.length ? teams.join(", ") : "nobody";
}

function renderRoutes(data) {
  const body = $("routes-body");
  body.replaceChildren();
  for (const route of data.routes) {
    const reference = "/_apifn/docs#" + enc(route.method + " " + route.path);
    body.append(el("tr", null,
      el("td", null, el("span", { class: "method m-" + route.method.toLowerCase() }, route.method)),
      el("td", { class: "mono" }, route.path),
      el("td", { class: "mono" }, route.file),
      el("td", null, accessText(route.access)),
      el("td", null, route.summary || ""),
      el("td", null, el("a", { href: reference }, "Reference"))));
  }
  $("routes-count").textContent = data.routes.length + (data.routes.length === 1 ? " route" : " routes");
  const list = $("problems");
  list.replaceChildren();
  for (const problem of data.problems) {
    const where = problem.file
      ? problem.file + (problem.line ? ":" + problem.line + ":" + problem.column : "")
      : problem.level;
    list.append(el("li", { class: "problem " + problem.level },
      el("strong", { class: "mono" }, where), el("pre", null, problem.message)));
  }
  list.hidden = data.problems.length === 0;
}

function connect() {
  const source = new EventSource("/_apifn/console/events");
  source.onopen = () => {
    $("live").textContent = "live";
    $("live").className = "live on";
    api("routes").then(renderRoutes, (error) => toast(error.message, true));
  };
  source.onerror = () => {
    $("live").textContent = "reconnecting…";
    $("live").className = "live";
  };
  source.addEventListener("routes", (event) => renderRoutes(JSON.parse(event.data)));
  source.addEventListener("request", (event) => addRequest(JSON.parse(event.data)));
}
`;
