// MotCua service worker, served from /sw.js so that its scope is the whole site (a courier's
// pages register /sw.js?for=courier, which also keeps the courier app offline).
// The cache holds only the shell (static files and the offline page in each language): never an
// API answer, never a page with personal data. Navigations go to the network; when it is gone,
// the offline page answers in the language the reader last used (pages tell it, app.mjs), or,
// under /courier, the courier app's own data-free shell, which shows the device's queue of
// handoffs waiting to be sent.
const VERSION = {{ version | tojson }};
const CACHE = `motcua-shell-${VERSION}`;
const PRECACHE = {{ precache | tojson }};
// The reader's language, kept apart from the versioned shell so an update does not forget it.
const PREFS = "motcua-prefs";
const LANG_KEY = "/__motcua/lang";

async function offlinePage(pathname) {
  if (pathname === "/courier" || pathname.startsWith("/courier/")) {
    const courier = await caches.match("/courier/offline");
    if (courier) return courier;
  }
  const stored = await caches.match(LANG_KEY, { cacheName: PREFS });
  const lang = stored ? await stored.text() : "vi";
  return (await caches.match(`/offline?lang=${lang}`)) || caches.match("/offline?lang=vi");
}

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "lang" && /^[a-z]{2}$/.test(data.lang || "")) {
    event.waitUntil(caches.open(PREFS).then((cache) => cache.put(LANG_KEY, new Response(data.lang))));
  }
});

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith("motcua-shell-") && key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(() => offlinePage(url.pathname)));
    return;
  }
  if (url.pathname.startsWith("/static/") || url.pathname === "/manifest.webmanifest") {
    event.respondWith(caches.match(request).then((hit) => hit || fetch(request)));
  }
  // Everything else (API calls, /_sim, files) goes straight to the network, uncached.
});

// Push (RFC 8030 via the browser's push service): the payload is the JSON that
// notifications/clients/webpush.py encrypted — {title, body, url, tag}, or {title, url} when the
// push service refused the long one. Only what a lock screen may show is in it.
function pageUrl(url) {
  const target = new URL(url || "/notifications", self.location.origin);
  return target.origin === self.location.origin ? target.href : new URL("/notifications", self.location.origin).href;
}

self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = { body: event.data ? event.data.text() : "" };
  }
  event.waitUntil(
    self.registration.showNotification(data.title || "Một cửa", {
      body: data.body || "",
      tag: data.tag,
      icon: "/static/icons/icon-192.png",
      badge: "/static/icons/icon-192.png",
      data: { url: pageUrl(data.url) },
    }),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = pageUrl(event.notification.data && event.notification.data.url);
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      for (const client of windows) {
        if (client.url === url && "focus" in client) return client.focus();
      }
      return self.clients.openWindow(url);
    }),
  );
});

// The push service replaced or expired the subscription: subscribe again with the same server
// key and tell the server, so the next message still reaches this device.
self.addEventListener("pushsubscriptionchange", (event) => {
  event.waitUntil(
    (async () => {
      const options = event.oldSubscription ? event.oldSubscription.options : null;
      const subscription = event.newSubscription ||
        (options && options.applicationServerKey ? await self.registration.pushManager.subscribe(options) : null);
      if (!subscription) return;
      await fetch("/push/subscriptions", {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(subscription.toJSON()),
      });
    })(),
  );
});
