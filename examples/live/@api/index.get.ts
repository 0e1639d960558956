// GET /api — the page: lists the notes, then keeps the list in step with the event stream.
import type { ApiFunctionsContext } from "@apifn/core";

const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>Live notes</title>
<h1>Live notes</h1>
<form id="add"><input name="text" placeholder="A note" required> <button>Add</button></form>
<ul id="notes"></ul>
<script type="module">
  const list = document.getElementById("notes");
  const items = new Map();
  function show(id, note) {
    let li = items.get(id);
    if (!li) {
      li = document.createElement("li");
      items.set(id, li);
      list.prepend(li);
    }
    li.textContent = note.text;
  }
  function drop(id) {
    items.get(id)?.remove();
    items.delete(id);
  }
  async function load() {
    const { notes } = await (await fetch("/api/notes")).json();
    for (const id of [...items.keys()]) drop(id);
    for (const note of notes.reverse()) show(note.id, note);
  }
  const events = new EventSource("/api/notes/events");
  // Opened: the watch has started, so the list read now misses nothing.
  events.onopen = load;
  events.onmessage = (message) => {
    const change = JSON.parse(message.data);
    if (change.type === "gap") return load();
    const id = change.key[1];
    if (change.type === "delete") drop(id);
    else if (change.value) show(id, change.value);
  };
  document.getElementById("add").onsubmit = async (event) => {
    event.preventDefault();
    const text = event.target.text.value;
    event.target.reset();
    await fetch("/api/notes", { method: "POST", body: JSON.stringify({ text }) });
  };
</script>
`;

export default function page(_request: Request, context: ApiFunctionsContext) {
  const response = context.text(PAGE);
  response.headers.set("content-type", "text/html; charset=utf-8");
  return response;
}
