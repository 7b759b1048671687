// node --test: the live dashboard writes pushed figures into their elements, ignores junk, and
// leaves the page alone where there is no EventSource.
import { test } from "node:test";
import assert from "node:assert/strict";

import { applyFigures, start } from "../../pwa/static/js/dashboard-live.mjs";

function figure(name, text) {
  const classes = new Set();
  return {
    dataset: { figure: name },
    textContent: text,
    classList: { add: (c) => classes.add(c), remove: (c) => classes.delete(c), has: (c) => classes.has(c) },
  };
}

function page(elements, status, details = null) {
  const parts = { "[data-live-status]": status, "[data-live-details]": details };
  return {
    dataset: { streamUrl: "/counter/dashboard/stream?from=01%2F11%2F2026" },
    querySelectorAll: () => elements,
    querySelector: (selector) => parts[selector] ?? null,
  };
}

class FakeSource {
  static last = null;
  constructor(url) {
    this.url = url;
    this.listeners = {};
    FakeSource.last = this;
  }
  addEventListener(name, listener) {
    this.listeners[name] = listener;
  }
  emit(name, data) {
    this.listeners[name]?.({ data });
  }
}

test("pushed figures replace the shown ones and only changed ones flash", () => {
  const received = figure("progress.received", "3");
  const rate = figure("progress.on_time_rate", "50,0 %");
  const changed = applyFigures(page([received, rate]), { "progress.received": "4", "progress.on_time_rate": "50,0 %" });
  assert.equal(changed, 1);
  assert.equal(received.textContent, "4");
  assert.ok(received.classList.has("flash"));
  assert.ok(!rate.classList.has("flash"));
});

test("the stream's figures event updates the page and the status line", () => {
  const received = figure("progress.received", "3");
  const status = { dataset: { labelLive: "Đang cập nhật trực tiếp", labelUpdated: "Đã cập nhật lúc" }, textContent: "" };
  const root = page([received], status);
  const source = start(root, { EventSourceImpl: FakeSource, now: () => new Date(2026, 10, 23, 9, 5, 7) });
  assert.equal(source.url, "/counter/dashboard/stream?from=01%2F11%2F2026");
  source.emit("open");
  assert.equal(status.textContent, "Đang cập nhật trực tiếp");
  source.emit("figures", JSON.stringify({ "progress.received": "7" }));
  assert.equal(received.textContent, "7");
  assert.equal(status.textContent, "Đã cập nhật lúc 09:05:07");
});

test("the details event replaces the tables and charts", () => {
  const details = { innerHTML: "<table>old</table>" };
  const source = start(page([], null, details), { EventSourceImpl: FakeSource });
  source.emit("details", JSON.stringify({ html: "<table>new</table>" }));
  assert.equal(details.innerHTML, "<table>new</table>");
});

test("junk on the stream changes nothing", () => {
  const received = figure("progress.received", "3");
  const details = { innerHTML: "<table>old</table>" };
  const source = start(page([received], null, details), { EventSourceImpl: FakeSource });
  source.emit("figures", "not json");
  source.emit("figures", "null");
  source.emit("figures", JSON.stringify({ "progress.received": 9 }));
  source.emit("details", "{broken");
  source.emit("details", JSON.stringify({ html: 42 }));
  assert.equal(received.textContent, "3");
  assert.equal(details.innerHTML, "<table>old</table>");
});

test("without EventSource the page is left as rendered", () => {
  assert.equal(start(page([], null), { EventSourceImpl: undefined }), null);
});
