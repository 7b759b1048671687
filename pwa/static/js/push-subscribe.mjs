// Push notifications for this device. Bound to [data-module="push-subscribe"].
// The browser asks for permission only after a tap on the clear button (never on page load);
// the subscription is made with the server's VAPID key and sent to the server, and re-sent on
// every app start (endpoints change). On an iPhone outside the Home Screen app, push cannot
// work, so the page explains how to add it instead of showing a button that would fail.

export function urlBase64ToUint8Array(text) {
  const base64 = (text + "=".repeat((4 - (text.length % 4)) % 4)).replace(/-/g, "+").replace(/_/g, "/");
  return Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
}

export function isIos(nav) {
  return /iPad|iPhone|iPod/.test(nav.userAgent || "") || (nav.platform === "MacIntel" && nav.maxTouchPoints > 1);
}

export function deviceLabel(nav) {
  const ua = nav.userAgent || "";
  for (const [pattern, label] of [[/iPhone/, "iPhone"], [/iPad/, "iPad"], [/Android/, "Android"], [/Windows/, "Windows"], [/Mac OS X/, "Mac"], [/Linux/, "Linux"]]) {
    if (pattern.test(ua)) return label;
  }
  return "";
}

// "unsupported" | "ios" (needs Add to Home Screen) | "denied" | "granted" | "default"
export function pushState(win) {
  const nav = win.navigator;
  const standalone = nav.standalone === true || Boolean(win.matchMedia?.("(display-mode: standalone)").matches);
  if (!("serviceWorker" in nav) || !("PushManager" in win) || !("Notification" in win)) {
    return isIos(nav) && !standalone ? "ios" : "unsupported";
  }
  return win.Notification.permission;
}

export async function sendSubscription(subscription, { fetchFn, subscribeUrl, device }) {
  const response = await fetchFn(subscribeUrl, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ ...subscription.toJSON(), device }),
  });
  return response.ok;
}

async function serverKey(fetchFn, keyUrl) {
  const response = await fetchFn(keyUrl, { credentials: "same-origin" });
  return urlBase64ToUint8Array((await response.json()).public_key);
}

function sameKey(subscription, key) {
  const current = subscription.options?.applicationServerKey;
  if (!current) return true;
  const bytes = new Uint8Array(current);
  return bytes.length === key.length && bytes.every((value, index) => value === key[index]);
}

// Subscribe (or reuse the existing subscription when it was made with the same server key) and
// send it to the server. Call only after the person tapped the button or already granted.
export async function subscribe({ win, fetchFn, keyUrl, subscribeUrl }) {
  const registration = await win.navigator.serviceWorker.ready;
  const key = await serverKey(fetchFn, keyUrl);
  let subscription = await registration.pushManager.getSubscription();
  if (subscription && !sameKey(subscription, key)) {
    await subscription.unsubscribe();
    subscription = null;
  }
  subscription ??= await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
  return sendSubscription(subscription, { fetchFn, subscribeUrl, device: deviceLabel(win.navigator) });
}

// How long subscribing may take (service worker ready, push service, our server) before the
// person is told it did not work and may try again.
export const DEADLINE_MS = 15000;

// `promise`, or false once `ms` have passed: a push service that never answers is a failure.
export function withDeadline(promise, ms, timers = globalThis) {
  return new Promise((resolve) => {
    const timer = timers.setTimeout(() => resolve(false), ms);
    promise.then(
      (value) => { timers.clearTimeout(timer); resolve(value); },
      () => { timers.clearTimeout(timer); resolve(false); },
    );
  });
}

// States shown: "pending" while subscribing; "granted" ("notifications are on") only once the
// server stored this device; "failed" (with the button to try again) when it did not.
function show(element, state) {
  for (const node of element.querySelectorAll("[data-push-state]")) node.hidden = node.dataset.pushState !== state;
  const button = element.querySelector("[data-push-enable]");
  if (button) button.hidden = state !== "default" && state !== "failed";
}

export function start(element, win = globalThis, fetchFn = globalThis.fetch?.bind(globalThis)) {
  const options = { win, fetchFn, keyUrl: element.dataset.keyUrl, subscribeUrl: element.dataset.subscribeUrl };
  const deadline = Number(element.dataset.deadlineMs) || DEADLINE_MS;
  const attempt = async () => {
    show(element, "pending");
    const sent = await withDeadline(subscribe(options), deadline, win.setTimeout ? win : globalThis);
    show(element, sent ? "granted" : "failed");
    return sent;
  };
  const state = pushState(win);
  show(element, state);
  const done = state === "granted" ? attempt() : Promise.resolve(false);
  const button = element.querySelector("[data-push-enable]");
  button?.addEventListener("click", async () => {
    const answer = win.Notification.permission === "granted" ? "granted" : await win.Notification.requestPermission();
    if (answer === "granted") {
      await attempt();
    } else {
      show(element, answer);
    }
  });
  return done;
}
