/**
 * The console's style sheet: a quiet, dense layout, light or dark by the system setting.
 *
 * @module
 */

/** The CSS served at `/_apifn/console/app.css`. */
export const STYLE = `:root {
  --bg: #f6f7f9; --panel: #ffffff; --text: #1c2330; --muted: #5f6b7a; --line: #dfe3e8;
  --accent: #2f6feb; --accent-text: #ffffff; --danger: #c62828; --ok: #1b7f3b; --warn: #a15c00;
  --code: #f0f2f5; --focus: #2f6feb55;
  color-scheme: light dark;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0f1318; --panel: #161b22; --text: #e3e8ef; --muted: #8d98a6; --line: #2a323d;
    --accent: #5b93ff; --accent-text: #0b0f14; --danger: #ff6b6b; --ok: #4cc17a; --warn: #e0a030;
    --code: #1e252e; --focus: #5b93ff66;
  }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--text); }
h1, h2, h3 { margin: 0; font-weight: 600; }
h1 { font-size: 16px; } h1 span { color: var(--muted); font-weight: 400; }
h2 { font-size: 15px; } h3 { font-size: 13px; margin: 14px 0 6px; color: var(--muted); }
a { color: var(--accent); }
pre, .mono, input, textarea, select { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
pre { background: var(--code); padding: 8px 10px; border-radius: 6px; margin: 0; max-height: 320px;
  overflow: auto; white-space: pre-wrap; word-break: break-word; }
.top { display: flex; align-items: center; gap: 20px; padding: 10px 20px; background: var(--panel);
  border-bottom: 1px solid var(--line); position: sticky; top: 0; z-index: 2; }
.tabs { display: flex; gap: 4px; }
.tabs button { border: 0; background: transparent; color: var(--muted); padding: 6px 12px; border-radius: 6px; }
.tabs button[aria-selected="true"] { background: var(--code); color: var(--text); font-weight: 600; }
.live { margin-left: auto; color: var(--muted); font-size: 12px; }
.live.on::before { content: "●"; color: var(--ok); margin-right: 6px; }
main { padding: 16px 20px; }
.panel { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: 14px 16px; min-width: 0; }
.bar { display: flex; align-items: center; gap: 10px; margin-bottom: 10px; flex-wrap: wrap; }
.grow { flex: 1; }
.muted { color: var(--muted); }
.error { color: var(--danger); white-space: pre-wrap; margin: 6px 0; }
.error:empty { display: none; }
button, .button { font: inherit; padding: 5px 12px; border-radius: 6px; border: 1px solid var(--line);
  background: var(--panel); color: var(--text); cursor: pointer; text-decoration: none; display: inline-block; }
button:hover, .button:hover { border-color: var(--accent); }
button:disabled { opacity: .45; cursor: default; }
button.primary { background: var(--accent); border-color: var(--accent); color: var(--accent-text); }
button.danger { color: var(--danger); }
button.link { border: 0; padding: 0; background: none; color: var(--accent); text-align: left; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 1px; }
input, textarea, select { background: var(--bg); color: var(--text); border: 1px solid var(--line);
  border-radius: 6px; padding: 5px 8px; width: 100%; }
label { display: flex; flex-direction: column; gap: 3px; font-size: 12px; color: var(--muted); }
.file input { display: none; }
.file:focus-within { outline: 3px solid var(--focus); }
table.grid { width: 100%; border-collapse: collapse; }
.grid th { text-align: left; font-size: 12px; font-weight: 600; color: var(--muted); padding: 6px 8px;
  border-bottom: 1px solid var(--line); }
.grid td { padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; max-width: 420px;
  overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.grid tbody tr:hover { background: var(--code); }
#kv-table { table-layout: fixed; }
#kv-table th:nth-child(1) { width: 38%; } #kv-table th:nth-child(3) { width: 80px; }
#kv-table th:nth-child(4) { width: 100px; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.method { font: 600 11px ui-monospace, monospace; padding: 2px 6px; border-radius: 4px; background: var(--code); }
.m-get { color: var(--ok); } .m-post { color: var(--accent); } .m-put, .m-patch { color: var(--warn); }
.m-delete { color: var(--danger); }
.status { font-weight: 600; } .s2 { color: var(--ok); } .s3 { color: var(--accent); }
.s4 { color: var(--warn); } .s5 { color: var(--danger); }
.problems { list-style: none; padding: 0; margin: 0 0 12px; display: grid; gap: 8px; }
.problem { border-left: 4px solid var(--warn); background: var(--code); padding: 8px 10px; border-radius: 6px; }
.problem.error { border-left-color: var(--danger); }
.problem pre { background: transparent; padding: 4px 0 0; }
.kv-layout { display: grid; grid-template-columns: 240px minmax(0, 1fr); gap: 16px; align-items: start; }
.kv-layout .editor { grid-column: 1 / -1; }
@media (min-width: 1300px) { .kv-layout { grid-template-columns: 240px minmax(0, 1fr) 420px; }
  .kv-layout .editor { grid-column: auto; } }
.crumbs { display: flex; flex-wrap: wrap; gap: 4px; margin: 8px 0; }
.crumbs button { padding: 2px 8px; font-size: 12px; }
.tree-list { list-style: none; margin: 0 0 8px; padding: 0; }
.tree-list button { width: 100%; display: flex; justify-content: space-between; border: 0;
  background: transparent; padding: 4px 6px; text-align: left; }
.tree-list button:hover { background: var(--code); }
.tree-list .count { color: var(--muted); font-variant-numeric: tabular-nums; }
.search { display: grid; grid-template-columns: 170px 1fr 1fr 1fr auto; gap: 8px; align-items: end; margin-bottom: 12px; }
.pager { display: flex; gap: 6px; margin-top: 10px; }
.editor label { margin-bottom: 8px; }
.actions { display: flex; gap: 6px; flex-wrap: wrap; margin-top: 8px; }
.req-layout { display: grid; grid-template-columns: minmax(0, 1fr); gap: 16px; }
@media (min-width: 1200px) { .req-layout { grid-template-columns: minmax(0, 1.3fr) minmax(0, 1fr); align-items: start; } }
.detail h2 { font-family: ui-monospace, monospace; font-size: 14px; }
.kv-pairs { border-collapse: collapse; width: 100%; font-size: 12.5px; }
.kv-pairs td { padding: 2px 8px 2px 0; vertical-align: top; word-break: break-all; }
.kv-pairs td:first-child { color: var(--muted); white-space: nowrap; }
.replay .row { display: flex; gap: 8px; }
.replay label { margin-bottom: 8px; }
.result { margin-top: 10px; }
.logs .warn { color: var(--warn); } .logs .error { color: var(--danger); }
dialog { border: 1px solid var(--line); border-radius: 10px; background: var(--panel); color: var(--text); }
dialog::backdrop { background: #0008; }
.toast { position: fixed; bottom: 16px; right: 16px; background: var(--text); color: var(--bg);
  padding: 8px 14px; border-radius: 8px; }
.toast.bad { background: var(--danger); color: #fff; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
.sign-in main { max-width: 380px; margin: 12vh auto; display: grid; gap: 14px; }
.sign-in form { display: grid; gap: 10px; }
`;
