// Enhancements for every page. Pages work without this file; it only adds what needs JS.
// Behaviours bind to elements by data-module="name", each loaded from ./name.mjs.

export async function registerServiceWorker(nav = navigator) {
  if (!("serviceWorker" in nav)) return null;
  try {
    return await nav.serviceWorker.register("/sw.js", { scope: "/" });
  } catch (error) {
    console.warn("service worker not registered", error.name);
    return null;
  }
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
  registerServiceWorker();
  startModules();
}
