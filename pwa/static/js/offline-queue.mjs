// The courier's offline queue: a handoff recorded without network is kept on the device
// (IndexedDB) under a device-generated id and sent when the network returns; the server
// records each id once, so sending twice is harmless. Each courier has their own database
// ("motcua-courier-queue-<courier id>"), and every item names its owner, which the server checks:
// a queue is never sent under another courier's login.
// Bound to an element with data-module="offline-queue" data-courier-id="<id>"; a <form> inside
// it (or the element itself) is the handoff form. Without JavaScript the form posts as usual.

export const DB_PREFIX = "motcua-courier-queue-";
export const RETRY_MS = 15000;

export function databaseName(courierId) {
  const id = String(courierId ?? "");
  if (!/^[1-9][0-9]*$/.test(id)) throw new RangeError("courier id required");
  return DB_PREFIX + id;
}

// The form's fields as a queue item. `uuid()` makes the device's id for the event.
export function newItem(entries, courierId, { uuid, now, deviceId }) {
  const fields = {};
  for (const [name, value] of entries) {
    if (name === "_csrf_token") continue;
    if (typeof value !== "string") {
      // The sealed package's photo: IndexedDB keeps the Blob itself until it is sent.
      if (value && value.size > 0) fields[name] = value;
      continue;
    }
    if (name === "documents_checked") (fields[name] ||= []).push(value);
    else fields[name] = value;
  }
  fields.client_event_id = uuid();
  fields.owner_id = String(courierId);
  fields.client_at = now.toISOString();
  fields.device_id = deviceId;
  return { id: fields.client_event_id, owner: String(courierId), fields, state: "waiting", status: 0 };
}

// The multipart body the server's form handler reads (documents_checked repeated, the photo as
// a file part).
export function formBody(item) {
  const body = new FormData();
  for (const [name, value] of Object.entries(item.fields)) {
    if (typeof value === "object" && !Array.isArray(value)) body.append(name, value, value.name || "seal.jpg");
    else for (const one of Array.isArray(value) ? value : [value]) body.append(name, one);
  }
  return body;
}

// 200 (already recorded) and 201 are done; no network, timeouts and server trouble are tried
// again; any other refusal will not change on retry and is shown.
export function outcome(status) {
  if (status === 200 || status === 201) return "sent";
  if (status === 0 || status === 408 || status === 429 || status >= 500) return "retry";
  return "refused";
}

// Send every waiting item of `queue` that belongs to `courierId`; sent ones leave the queue.
export async function flush(queue, courierId, send) {
  const result = { sent: 0, waiting: 0, refused: 0 };
  for (const item of await queue.all()) {
    if (item.owner !== String(courierId) || item.state === "refused") {
      if (item.state === "refused") result.refused += 1;
      continue;
    }
    let status = 0;
    try {
      status = await send(item);
    } catch {
      status = 0;
    }
    const next = outcome(status);
    if (next === "sent") {
      await queue.remove(item.id);
      result.sent += 1;
    } else if (next === "refused") {
      await queue.put({ ...item, state: "refused", status });
      result.refused += 1;
    } else {
      result.waiting += 1;
    }
  }
  return result;
}

// An in-memory queue with the IndexedDB queue's interface (tests, and browsers without IDB).
export function memoryQueue() {
  const items = new Map();
  return {
    async all() { return [...items.values()]; },
    async put(item) { items.set(item.id, item); },
    async remove(id) { items.delete(id); },
  };
}

function request(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

export async function idbQueue(courierId, idb = globalThis.indexedDB) {
  const open = idb.open(databaseName(courierId), 1);
  open.onupgradeneeded = () => open.result.createObjectStore("items", { keyPath: "id" });
  const db = await request(open);
  const store = (mode) => db.transaction("items", mode).objectStore("items");
  return {
    async all() { return request(store("readonly").getAll()); },
    async put(item) { await request(store("readwrite").put(item)); },
    async remove(id) { await request(store("readwrite").delete(id)); },
  };
}

function deviceId(storage) {
  let id = storage.getItem("motcua-device-id");
  if (!id) {
    id = crypto.randomUUID();
    storage.setItem("motcua-device-id", id);
  }
  return id;
}

function sender(csrf) {
  return async (item) => {
    const answer = await fetch("/courier/handoffs", {
      method: "POST",
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": csrf() },
      body: formBody(item),
    });
    return answer.status;
  };
}

// The step's name in the page's language: the queue element carries one data-step-<kind>
// attribute per handoff kind (courier/queue.html), so the list never shows a code such as
// `delivered_to_office`.
export function stepName(kind, dataset) {
  const key = `step${String(kind || "").replace(/(^|_)([a-z])/g, (_, __, c) => c.toUpperCase())}`;
  return (dataset && dataset[key]) || String(kind || "?");
}

function render(element, items, result) {
  const status = element.querySelector("[data-queue-status]");
  const list = element.querySelector("[data-queue-list]");
  const waiting = items.filter((item) => item.state !== "refused");
  const state = waiting.length ? "waiting" : result && result.sent ? "sent" : "empty";
  if (status) {
    status.dataset.state = state;
    status.dataset.count = String(waiting.length);
    if (state === "waiting") status.textContent = `${element.dataset.waiting}: ${waiting.length}`;
    else if (state === "sent") status.textContent = element.dataset.sent;
  }
  if (list) {
    list.replaceChildren(
      ...items.map((item) => {
        const li = document.createElement("li");
        li.dataset.state = item.state;
        const label = item.state === "refused" ? `${element.dataset.refused} (${item.status})` : element.dataset.waiting;
        li.textContent = `#${item.fields.booking_id || "?"} · ${stepName(item.fields.kind, element.dataset)} · ${label}`;
        return li;
      }),
    );
  }
}

export async function start(element) {
  const shown = element.dataset.courierId || localStorage.getItem("motcua-courier-last") || "";
  const sending = Boolean(element.dataset.courierId);
  if (!shown) return;
  if (sending) localStorage.setItem("motcua-courier-last", shown);
  let queue;
  try {
    queue = await idbQueue(shown);
  } catch {
    queue = memoryQueue();
  }
  const csrf = () => (document.querySelector('input[name="_csrf_token"]') || {}).value || "";
  const send = sender(csrf);
  let busy = false;
  const run = async () => {
    if (busy) return;
    busy = true;
    try {
      const result = sending && navigator.onLine !== false ? await flush(queue, shown, send) : null;
      render(element, await queue.all(), result);
    } finally {
      busy = false;
    }
  };
  const form = element.tagName === "FORM" ? element : null;
  if (form && sending) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const item = newItem(new FormData(form).entries(), shown, {
        uuid: () => crypto.randomUUID(),
        now: new Date(),
        deviceId: deviceId(localStorage),
      });
      await queue.put(item);
      form.querySelector('[type="submit"]')?.setAttribute("disabled", "");
      await run();
    });
  }
  window.addEventListener("online", run);
  setInterval(run, RETRY_MS);
  await run();
}
