/**
 * The console page's script, part 3: the entry editor (JSON checked and its size against the
 * 1 MB limit shown before sending), TTLs, delete with confirmation, new entries, import.
 *
 * @module
 */

/** Browser JavaScript (no template literals, so it can live in one). */
export const EDITOR_SCRIPT = String.raw`
function editorError(message) {
  $("ed-error").textContent = message || "";
}

function checkValue() {
  const text = $("ed-value").value;
  let value;
  try {
    value = JSON.parse(text);
  } catch (error) {
    $("ed-size").textContent = "";
    editorError("Not valid JSON: " + error.message);
    $("ed-save").disabled = true;
    return undefined;
  }
  const size = new TextEncoder().encode(JSON.stringify(value)).length;
  const over = size > MAX_VALUE;
  $("ed-size").textContent = bytesText(size) + " of the 1 MB limit";
  editorError(over ? "The value is over the 1 MB limit: it cannot be saved" : "");
  $("ed-save").disabled = over;
  return over ? undefined : { value };
}
$("ed-value").addEventListener("input", checkValue);

function showEditor(entry, creating) {
  kv.editing = entry;
  kv.creating = creating;
  $("kv-editor").hidden = false;
  $("ed-title").textContent = creating ? "New entry" : "Entry " + keyText(entry.key);
  $("ed-key").value = keyText(entry.key);
  $("ed-key").readOnly = !creating;
  $("ed-value").value = JSON.stringify(entry.value, null, 2);
  const left = entry.expiresAt ? Math.max(0, Math.round((entry.expiresAt - Date.now()) / 1000)) : "";
  $("ed-ttl").value = String(left);
  $("ed-expires").textContent = entry.expiresAt
    ? "Expires " + remainingText(entry.expiresAt - Date.now())
    : "No TTL: it does not expire";
  for (const id of ["ed-ttl-set", "ed-ttl-clear", "ed-delete"]) $(id).disabled = creating;
  checkValue();
  $("ed-title").focus();
}

async function openEntry(key) {
  try {
    showEditor(await api("kv/entry?key=" + enc(keyText(key))), false);
  } catch (error) {
    kvError(error.message);
  }
}

function closeEditor() {
  kv.editing = null;
  $("kv-editor").hidden = true;
}

function refreshKv() {
  return Promise.all([loadPage(), loadTree(false)]).catch((error) => kvError(error.message));
}

function ttlValue() {
  const text = $("ed-ttl").value.trim();
  if (text === "") return null;
  const ttl = Number(text);
  if (!(ttl > 0)) throw new Error("The TTL must be a number of seconds above 0");
  return ttl;
}

$("ed-save").addEventListener("click", async () => {
  const checked = checkValue();
  if (!checked) return;
  try {
    const key = parseKey($("ed-key").value, "Key");
    const body = { key, value: checked.value, ttlSeconds: ttlValue(), create: kv.creating };
    await api("kv/entry", { method: "PUT", body: JSON.stringify(body),
      headers: { "content-type": "application/json" } });
    toast("Saved " + keyText(key));
    await refreshKv();
    await openEntry(key);
  } catch (error) {
    editorError(error.message);
  }
});

async function changeTtl(ttl) {
  const key = kv.editing.key;
  try {
    await api("kv/ttl", { method: "POST", body: JSON.stringify({ key, ttlSeconds: ttl }),
      headers: { "content-type": "application/json" } });
    toast(ttl === null ? "TTL cleared" : "TTL set to " + ttl + " s");
    await refreshKv();
    await openEntry(key);
  } catch (error) {
    editorError(error.message);
  }
}
$("ed-ttl-set").addEventListener("click", () => {
  try {
    const ttl = ttlValue();
    if (ttl === null) throw new Error("Give a TTL in seconds first");
    changeTtl(ttl);
  } catch (error) {
    editorError(error.message);
  }
});
$("ed-ttl-clear").addEventListener("click", () => changeTtl(null));

function confirmed(text) {
  return new Promise((resolve) => {
    const dialog = $("confirm");
    $("confirm-text").textContent = text;
    dialog.addEventListener("close", () => resolve(dialog.returnValue === "ok"), { once: true });
    dialog.showModal();
    $("confirm-ok").focus();
  });
}

$("ed-delete").addEventListener("click", async () => {
  const key = kv.editing.key;
  if (!(await confirmed("Delete the entry " + keyText(key) + "?"))) return;
  try {
    await api("kv/entry?key=" + enc(keyText(key)), { method: "DELETE" });
    toast("Deleted " + keyText(key));
    closeEditor();
    await refreshKv();
  } catch (error) {
    editorError(error.message);
  }
});
$("ed-close").addEventListener("click", closeEditor);
$("kv-new").addEventListener("click", () => {
  showEditor({ key: kv.prefix.concat([""]), value: {} }, true);
  $("ed-key").focus();
});

$("kv-import").addEventListener("change", async (event) => {
  const file = event.target.files[0];
  if (!file) return;
  try {
    const result = await api("kv/import", { method: "POST", body: file,
      headers: { "content-type": "application/x-ndjson" } });
    toast("Imported " + result.count + " entries" +
      (result.expired ? " (" + result.expired + " already expired)" : ""));
    kvError("");
    await refreshKv();
  } catch (error) {
    kvError(error.message);
  } finally {
    event.target.value = "";
  }
});
`;
