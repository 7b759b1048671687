// node --test: the shell module registers the service worker at root scope and binds
// data-module elements to their modules, and degrades quietly where there is no support.
import { test } from "node:test";
import assert from "node:assert/strict";

import { registerServiceWorker, startModules, tellLanguage } from "../../pwa/static/js/app.mjs";

test("registers /sw.js with root scope", async () => {
  const calls = [];
  const nav = { serviceWorker: { register: async (url, options) => { calls.push([url, options]); return "registration"; } } };
  assert.equal(await registerServiceWorker(nav), "registration");
  assert.deepEqual(calls, [["/sw.js", { scope: "/" }]]);
});

test("a browser without service workers is left alone", async () => {
  assert.equal(await registerServiceWorker({}), null);
});

test("a failed registration does not throw", async () => {
  const nav = { serviceWorker: { register: async () => { throw new DOMException("blocked", "SecurityError"); } } };
  const warn = console.warn;
  console.warn = () => {};
  try {
    assert.equal(await registerServiceWorker(nav), null);
  } finally {
    console.warn = warn;
  }
});

test("module names that are not plain names are never imported", async () => {
  const element = { dataset: { module: "../../etc/passwd" } };
  const root = { querySelectorAll: () => [element] };
  await startModules(root); // would throw on import if the name were used
});

test("a courier's page registers the courier's service worker", async () => {
  const calls = [];
  const nav = { serviceWorker: { register: async (url, options) => { calls.push([url, options]); return "registration"; } } };
  await registerServiceWorker(nav, "/sw.js?for=courier");
  assert.deepEqual(calls, [["/sw.js?for=courier", { scope: "/" }]]);
});

test("the page tells the active service worker its language", async () => {
  const posted = [];
  const nav = { serviceWorker: { ready: Promise.resolve({ active: { postMessage: (m) => posted.push(m) } }) } };
  assert.equal(await tellLanguage(nav, "en"), true);
  assert.deepEqual(posted, [{ type: "lang", lang: "en" }]);
  assert.equal(await tellLanguage({}, "en"), false);
});
