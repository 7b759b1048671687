// Live dashboard: listens to the page's server-sent event stream (data-stream-url), writes each
// pushed figure into the element marked data-figure="<group>.<name>" and replaces the comments,
// charts and tables ([data-live-details]) with the server's fresh rendering of them. Without JS
// (or without EventSource) the page stays as rendered and its "Refresh" link reloads it.

export function applyFigures(root, figures) {
  let changed = 0;
  for (const element of root.querySelectorAll("[data-figure]")) {
    const value = figures[element.dataset.figure];
    if (typeof value !== "string" || element.textContent === value) continue;
    element.textContent = value;
    element.classList?.remove("flash");
    element.classList?.add("flash");
    changed += 1;
  }
  return changed;
}

function clock(date) {
  return [date.getHours(), date.getMinutes(), date.getSeconds()].map((n) => String(n).padStart(2, "0")).join(":");
}

export function start(element, { EventSourceImpl = globalThis.EventSource, now = () => new Date() } = {}) {
  const url = element.dataset.streamUrl;
  if (!url || typeof EventSourceImpl !== "function") return null;
  const status = element.querySelector("[data-live-status]");
  const source = new EventSourceImpl(url);
  source.addEventListener("open", () => {
    if (status) status.textContent = status.dataset.labelLive ?? "";
  });
  source.addEventListener("figures", (event) => {
    let figures;
    try {
      figures = JSON.parse(event.data);
    } catch {
      return;
    }
    if (!figures || typeof figures !== "object") return;
    applyFigures(element, figures);
    if (status) status.textContent = `${status.dataset.labelUpdated ?? ""} ${clock(now())}`;
  });
  source.addEventListener("details", (event) => {
    const target = element.querySelector("[data-live-details]");
    let message;
    try {
      message = JSON.parse(event.data);
    } catch {
      return;
    }
    // Rendered and escaped by the server's own templates, from the same origin.
    if (target && message && typeof message.html === "string") target.innerHTML = message.html;
  });
  return source;
}
