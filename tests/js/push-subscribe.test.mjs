// node --test: permission only after a tap, subscription with the server key sent to the server,
// re-sent on start when already granted, and the iPhone explanation outside the Home Screen.
import { test } from "node:test";
import assert from "node:assert/strict";

import { deviceLabel, pushState, start, urlBase64ToUint8Array } from "../../pwa/static/js/push-subscribe.mjs";

const SERVER_KEY = "BPFjZj4xcBrMNNtxOSVimDN9p7Q4_NQ9NUjQTvWyOTPc0ZQ6PI5dR7gv9F7xFWrXvpZfB8LRn5JJMG9CK5afVIs";

function fakeElement() {
  const nodes = ["pending", "granted", "failed", "denied", "unsupported", "ios"].map((state) => ({ dataset: { pushState: state }, hidden: true }));
  const listeners = {};
  const button = { hidden: true, addEventListener: (name, fn) => { listeners[name] = fn; } };
  return {
    dataset: { keyUrl: "/api/v1/push/public-key", subscribeUrl: "/push/subscriptions" },
    querySelectorAll: () => nodes,
    querySelector: () => button,
    button,
    click: () => listeners.click(),
    visible: () => nodes.filter((node) => !node.hidden).map((node) => node.dataset.pushState),
  };
}

function fakeWindow({ permission = "default", answer = "granted", existing = null, ua = "Mozilla/5.0 (Linux; Android 14)", stored = true, hang = false } = {}) {
  const calls = { requestPermission: 0, subscribe: [], posted: [] };
  const server = { stored };
  const subscription = {
    options: { applicationServerKey: urlBase64ToUint8Array(SERVER_KEY).buffer },
    toJSON: () => ({ endpoint: "https://push.example/abc", keys: { p256dh: "p", auth: "a" } }),
  };
  const pushManager = {
    getSubscription: async () => existing,
    subscribe: (options) => { calls.subscribe.push(options); return hang ? new Promise(() => {}) : Promise.resolve(subscription); },
  };
  const win = {
    navigator: { userAgent: ua, serviceWorker: { ready: Promise.resolve({ pushManager }) } },
    PushManager: function PushManager() {},
    Notification: {
      permission,
      requestPermission: async () => { calls.requestPermission += 1; win.Notification.permission = answer; return answer; },
    },
    matchMedia: () => ({ matches: false }),
  };
  const fetchFn = async (url, init = {}) => {
    if (url === "/api/v1/push/public-key") return { ok: true, json: async () => ({ public_key: SERVER_KEY }) };
    calls.posted.push([url, init.method, JSON.parse(init.body), init.headers["Content-Type"]]);
    return server.stored ? { ok: true, status: 201 } : { ok: false, status: 503 };
  };
  return { win, fetchFn, calls, subscription, server };
}

test("nothing is asked on load; a tap asks, subscribes with the server key and sends it", async () => {
  const element = fakeElement();
  const { win, fetchFn, calls } = fakeWindow();
  await start(element, win, fetchFn);
  assert.equal(calls.requestPermission, 0, "never ask before a tap");
  assert.equal(element.button.hidden, false);
  await element.click();
  assert.equal(calls.requestPermission, 1);
  assert.equal(calls.subscribe.length, 1);
  assert.equal(calls.subscribe[0].userVisibleOnly, true);
  assert.deepEqual([...calls.subscribe[0].applicationServerKey], [...urlBase64ToUint8Array(SERVER_KEY)]);
  assert.deepEqual(calls.posted, [[
    "/push/subscriptions", "POST",
    { endpoint: "https://push.example/abc", keys: { p256dh: "p", auth: "a" }, device: "Android" },
    "application/json",
  ]]);
  assert.deepEqual(element.visible(), ["granted"]);
  assert.equal(element.button.hidden, true);
});

test("an app start with permission already granted re-sends the existing subscription", async () => {
  const { win, fetchFn, calls, subscription } = fakeWindow({ permission: "granted" });
  const again = fakeWindow({ permission: "granted", existing: subscription });
  await start(fakeElement(), again.win, again.fetchFn);
  assert.equal(again.calls.requestPermission, 0);
  assert.equal(again.calls.subscribe.length, 0, "the existing subscription is reused");
  assert.equal(again.calls.posted.length, 1);
  assert.equal(calls.posted.length, 0);
  void win; void fetchFn;
});

test("a refusal shows how to allow it again and sends nothing", async () => {
  const element = fakeElement();
  const { win, fetchFn, calls } = fakeWindow({ answer: "denied" });
  await start(element, win, fetchFn);
  await element.click();
  assert.deepEqual(element.visible(), ["denied"]);
  assert.equal(calls.posted.length, 0);
});

test("an iPhone outside the Home Screen gets the add-to-Home-Screen explanation, no button", async () => {
  const element = fakeElement();
  const win = { navigator: { userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X)" }, matchMedia: () => ({ matches: false }) };
  assert.equal(pushState(win), "ios");
  await start(element, win, async () => { throw new Error("no fetch expected"); });
  assert.deepEqual(element.visible(), ["ios"]);
  assert.equal(element.button.hidden, true);
  const desktop = { navigator: { userAgent: "Mozilla/5.0 (X11; Linux x86_64)" }, matchMedia: () => ({ matches: false }) };
  assert.equal(pushState(desktop), "unsupported");
});

test("device labels name the platform only", () => {
  assert.equal(deviceLabel({ userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X)" }), "iPhone");
  assert.equal(deviceLabel({ userAgent: "curl/8" }), "");
});

test("when the server does not store the device, the page never says notifications are on", async () => {
  const element = fakeElement();
  const { win, fetchFn } = fakeWindow({ permission: "granted", stored: false });
  assert.equal(await start(element, win, fetchFn), false);
  assert.deepEqual(element.visible(), ["failed"]);
  assert.equal(element.button.hidden, false, "the button is there to try again");
});

test("a push service that never answers is a failure the person can retry", async () => {
  const element = fakeElement();
  element.dataset.deadlineMs = "20";
  const hanging = fakeWindow({ hang: true });
  await start(element, hanging.win, hanging.fetchFn);
  const tapped = element.click();
  assert.deepEqual(element.visible(), [], "nothing shown until the permission answer");
  await tapped;
  assert.deepEqual(element.visible(), ["failed"]);
  assert.equal(element.button.hidden, false);
  assert.equal(hanging.calls.posted.length, 0);
});

test("trying again after a failure subscribes without asking for permission again", async () => {
  const element = fakeElement();
  const flaky = fakeWindow({ permission: "granted", stored: false });
  await start(element, flaky.win, flaky.fetchFn);
  assert.deepEqual(element.visible(), ["failed"]);
  flaky.server.stored = true;
  await element.click();
  assert.equal(flaky.calls.requestPermission, 0);
  assert.deepEqual(element.visible(), ["granted"]);
});
