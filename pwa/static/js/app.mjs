// Enhancements for every page. Pages work without this file; it only adds what needs JS.
// Behaviours bind to elements by data-module="name", each loaded from ./name.mjs.

// The page names its service worker (`<meta name="motcua-sw">`): "/sw.js" for everyone, a courier's pages
// "/sw.js?for=courier", which also keeps the courier app offline.
export async function registerServiceWorker(nav = navigator, script = "/sw.js") {
  if (!("serviceWorker" in nav)) return null;
  try {
    return await nav.serviceWorker.register(script, { scope: "/" });
  } catch (error) {
    console.warn("service worker not registered", error.name);
    return null;
  }
}

// Tells the service worker the page's language, so that offline it answers in the same one.
export async function tellLanguage(nav = navigator, lang = "vi") {
  if (!("serviceWorker" in nav)) return false;
  const registration = await nav.serviceWorker.ready;
  if (!registration.active) return false;
  registration.active.postMessage({ type: "lang", lang });
  return true;
}

export async function startModules(root = document) {
  const elements = root.querySelectorAll("[data-module]");
  for (const element of elements) {
    const name = element.dataset.module;
    if (!/^[a-z][a-z0-9-]*$/.test(name)) continue;
    const module = await import(`./${name}.mjs`);
    if (typeof module.start === "function") module.start(element);
  }
}

if (typeof window !== "undefined" && typeof document !== "undefined") {
  const script = document.querySelector('meta[name="motcua-sw"]');
  registerServiceWorker(navigator, (script && script.content) || "/sw.js");
  tellLanguage(navigator, document.documentElement.lang || "vi").catch(() => {});
  startModules();
}
