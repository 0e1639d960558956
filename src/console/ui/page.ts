/**
 * The console's HTML: one page with three views (routes, KV, requests), and the sign-in page of
 * a console with a secret. No inline script or style (the CSP allows neither).
 *
 * @module
 */

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function head(token: string, title: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="apifn-token" content="${escapeHtml(token)}">
<title>${title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/_apifn/console/app.css">
`;
}

const KV_VIEW = `<section id="view-kv" role="tabpanel" aria-labelledby="tab-kv" hidden>
<div class="kv-layout">
<aside class="panel tree" aria-label="Key prefixes">
<h2>Prefixes</h2>
<nav id="crumbs" class="crumbs" aria-label="Current prefix"></nav>
<ul id="tree" class="tree-list"></ul>
<button id="tree-more" type="button" hidden>More prefixes</button>
</aside>
<div class="panel entries">
<form id="kv-search" class="search">
<label>Selector <select id="kv-mode">
<option value="prefix">prefix</option><option value="prefix-start">prefix from start</option>
<option value="prefix-end">prefix up to end</option><option value="range">start to end</option>
</select></label>
<label>Prefix <input id="kv-prefix" value="[]" spellcheck="false" autocomplete="off"></label>
<label>Start <input id="kv-start" placeholder='["notes", "a"]' spellcheck="false" autocomplete="off"></label>
<label>End <input id="kv-end" placeholder='["notes", "z"]' spellcheck="false" autocomplete="off"></label>
<button type="submit">Search</button>
</form>
<div class="bar">
<span id="kv-total" class="muted" aria-live="polite"></span>
<span class="grow"></span>
<button id="kv-new" type="button">New entry</button>
<a id="kv-export" class="button" href="/_apifn/console/api/kv/export?prefix=%5B%5D" download="kv-export.ndjson">Export NDJSON</a>
<label class="button file">Import NDJSON<input id="kv-import" type="file" accept=".ndjson,.jsonl,.json,application/x-ndjson"></label>
</div>
<p id="kv-error" class="error" role="alert" hidden></p>
<table id="kv-table" class="grid">
<thead><tr><th scope="col">Key</th><th scope="col">Value</th><th scope="col" class="num">Size</th><th scope="col">Expires</th></tr></thead>
<tbody id="kv-body"></tbody>
</table>
<div class="pager">
<button id="kv-first" type="button">First page</button>
<button id="kv-prev" type="button">Previous</button>
<button id="kv-next" type="button">Next</button>
<button id="kv-last" type="button">Last page</button>
</div>
</div>
<section id="kv-editor" class="panel editor" aria-labelledby="ed-title" hidden>
<h2 id="ed-title" tabindex="-1">Entry</h2>
<label>Key (JSON array) <input id="ed-key" spellcheck="false" autocomplete="off"></label>
<label>Value (JSON) <textarea id="ed-value" rows="14" spellcheck="false"></textarea></label>
<p id="ed-size" class="muted"></p>
<p id="ed-error" class="error" role="alert"></p>
<label>TTL in seconds (empty: none) <input id="ed-ttl" type="number" min="0" step="any"></label>
<p id="ed-expires" class="muted"></p>
<div class="actions">
<button id="ed-save" type="button" class="primary">Save</button>
<button id="ed-ttl-set" type="button">Set TTL</button>
<button id="ed-ttl-clear" type="button">Clear TTL</button>
<button id="ed-delete" type="button" class="danger">Delete</button>
<button id="ed-close" type="button">Close</button>
</div>
</section>
</div>
</section>`;

const REQUESTS_VIEW =
  `<section id="view-requests" role="tabpanel" aria-labelledby="tab-requests" hidden>
<div class="req-layout">
<div class="panel">
<div class="bar"><h2>Requests</h2><span class="muted">the last 200, newest first</span></div>
<table id="req-table" class="grid">
<thead><tr><th scope="col">Time</th><th scope="col">Method</th><th scope="col">Path</th><th scope="col">Status</th><th scope="col" class="num">ms</th><th scope="col">User</th><th scope="col">File</th><th scope="col">Console</th></tr></thead>
<tbody id="req-body"></tbody>
</table>
</div>
<section id="req-detail" class="panel detail" aria-labelledby="rd-title" hidden>
<h2 id="rd-title" tabindex="-1"></h2>
<h3>Console output</h3><pre id="rd-logs" class="logs"></pre>
<h3>Request headers</h3><table id="rd-req-headers" class="kv-pairs"></table>
<h3>Request body</h3><pre id="rd-req-body"></pre>
<h3>Response headers</h3><table id="rd-res-headers" class="kv-pairs"></table>
<h3>Response body</h3><pre id="rd-res-body"></pre>
<form id="replay" class="replay">
<h3>Replay</h3>
<div class="row"><label>Method <input id="rp-method" size="7" autocomplete="off"></label>
<label class="grow">Path <input id="rp-path" spellcheck="false" autocomplete="off"></label></div>
<label>Headers (one "name: value" per line) <textarea id="rp-headers" rows="5" spellcheck="false"></textarea></label>
<label>Body <textarea id="rp-body" rows="5" spellcheck="false"></textarea></label>
<button type="submit" class="primary">Replay</button>
</form>
<div id="rp-result" class="result" aria-live="polite" hidden></div>
</section>
</div>
</section>`;

/**
 * The console page.
 *
 * @param token The per-process token the page's changes carry.
 * @returns The HTML.
 */
export function renderPage(token: string): string {
  return `${
    head(token, "apifn console")
  }<script type="module" src="/_apifn/console/app.js"></script>
</head>
<body>
<header class="top">
<h1>apifn <span>console</span></h1>
<nav id="tabs" class="tabs" role="tablist" aria-label="Console views">
<button id="tab-routes" role="tab" type="button" aria-controls="view-routes" aria-selected="true">Routes</button>
<button id="tab-kv" role="tab" type="button" aria-controls="view-kv" aria-selected="false" tabindex="-1">KV</button>
<button id="tab-requests" role="tab" type="button" aria-controls="view-requests" aria-selected="false" tabindex="-1">Requests</button>
</nav>
<span id="live" class="live" role="status">connecting…</span>
</header>
<main>
<section id="view-routes" role="tabpanel" aria-labelledby="tab-routes">
<div class="panel">
<div class="bar"><h2>Routes</h2><span id="routes-count" class="muted"></span><span class="grow"></span><a href="/_apifn/docs">API reference</a></div>
<ul id="problems" class="problems" aria-label="Problems" hidden></ul>
<table id="routes-table" class="grid">
<thead><tr><th scope="col">Method</th><th scope="col">Path</th><th scope="col">File</th><th scope="col">Access</th><th scope="col">Summary</th><th scope="col"><span class="sr-only">Reference</span></th></tr></thead>
<tbody id="routes-body"></tbody>
</table>
</div>
</section>
${KV_VIEW}
${REQUESTS_VIEW}
</main>
<dialog id="confirm" aria-labelledby="confirm-text">
<form method="dialog">
<p id="confirm-text"></p>
<div class="actions"><button value="cancel" type="submit">Cancel</button><button id="confirm-ok" value="ok" type="submit" class="danger">Delete</button></div>
</form>
</dialog>
<div id="toast" class="toast" role="status" hidden></div>
</body>
</html>
`;
}

/**
 * The sign-in page of a console with a secret.
 *
 * @param token The per-process token the form carries.
 * @returns The HTML.
 */
export function renderSignIn(token: string): string {
  return `${head(token, "apifn console: sign in")}</head>
<body class="sign-in">
<main class="panel">
<h1>apifn <span>console</span></h1>
<form method="post" action="/_apifn/console/sign-in">
<input type="hidden" name="token" value="${escapeHtml(token)}">
<label>Console secret (APIFN_CONSOLE_SECRET) <input name="secret" type="password" autocomplete="current-password" required autofocus></label>
<button type="submit" class="primary">Sign in</button>
</form>
</main>
</body>
</html>
`;
}
