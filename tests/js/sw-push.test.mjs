// node --test: the service worker's push, notificationclick and pushsubscriptionchange handlers,
// run from the real template (pwa/templates/sw.js) in a sandbox with a fake `self`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import vm from "node:vm";

const source = readFileSync(new URL("../../pwa/templates/sw.js", import.meta.url), "utf8")
  .replace("{{ version | tojson }}", '"test"')
  .replace("{{ precache | tojson }}", "[]");

function worker({ windows = [] } = {}) {
  const listeners = {};
  const log = { shown: [], opened: [], focused: [], posted: [], subscribed: [] };
  const self = {
    location: { origin: "https://motcua.example" },
    addEventListener: (name, fn) => { listeners[name] = fn; },
    registration: {
      showNotification: async (title, options) => { log.shown.push({ title, ...options }); },
      pushManager: { subscribe: async (options) => { log.subscribed.push(options); return { toJSON: () => ({ endpoint: "https://push.example/new" }) }; } },
    },
    clients: {
      matchAll: async () => windows.map((url) => ({ url, focus: async () => log.focused.push(url) })),
      openWindow: async (url) => log.opened.push(url),
    },
  };
  const fetch = async (url, init) => { log.posted.push([url, JSON.parse(init.body)]); return { ok: true }; };
  vm.runInNewContext(source, { self, caches: {}, fetch, URL, console });
  const fire = async (name, event) => {
    let pending;
    listeners[name]({ ...event, waitUntil: (promise) => { pending = promise; } });
    await pending;
  };
  return { fire, log };
}

test("a push shows the Vietnamese title and body with the link", async () => {
  const { fire, log } = worker();
  const payload = { title: "Đã tiếp nhận hồ sơ G01", body: "Hẹn trả kết quả ngày 01/12/2026.", url: "/dossiers/G01", tag: "dossier.received:1" };
  await fire("push", { data: { json: () => payload, text: () => JSON.stringify(payload) } });
  assert.equal(log.shown.length, 1);
  assert.equal(log.shown[0].title, "Đã tiếp nhận hồ sơ G01");
  assert.equal(log.shown[0].body, "Hẹn trả kết quả ngày 01/12/2026.");
  assert.equal(log.shown[0].tag, "dossier.received:1");
  assert.equal(log.shown[0].data.url, "https://motcua.example/dossiers/G01");
});

test("a link to another site is replaced by the inbox", async () => {
  const { fire, log } = worker();
  await fire("push", { data: { json: () => ({ title: "x", url: "https://evil.example/" }) } });
  assert.equal(log.shown[0].data.url, "https://motcua.example/notifications");
});

test("a click opens the dossier, or focuses it when already open", async () => {
  const closed = [];
  const notification = { data: { url: "https://motcua.example/dossiers/G01" }, close: () => closed.push(true) };
  const fresh = worker();
  await fresh.fire("notificationclick", { notification });
  assert.deepEqual(fresh.log.opened, ["https://motcua.example/dossiers/G01"]);
  assert.equal(closed.length, 1);
  const open = worker({ windows: ["https://motcua.example/dossiers/G01"] });
  await open.fire("notificationclick", { notification });
  assert.deepEqual(open.log.focused, ["https://motcua.example/dossiers/G01"]);
  assert.deepEqual(open.log.opened, []);
});

test("a changed subscription is renewed with the same key and sent to the server", async () => {
  const { fire, log } = worker();
  const options = { userVisibleOnly: true, applicationServerKey: new Uint8Array([4, 1, 2]) };
  await fire("pushsubscriptionchange", { oldSubscription: { options }, newSubscription: null });
  assert.deepEqual(log.subscribed, [options]);
  assert.deepEqual(log.posted, [["/push/subscriptions", { endpoint: "https://push.example/new" }]]);
});
