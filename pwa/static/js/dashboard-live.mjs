// Live dashboard: listens to the page's server-sent event stream (data-stream-url) and writes
// each pushed figure into the element marked data-figure="<group>.<name>". Without JS (or
// without EventSource) the page stays as rendered and its "Refresh" link reloads it.

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
  return source;
}
