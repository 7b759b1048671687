// node --test: offline, the service worker answers a navigation with the offline page in the
// language the reader last used (pages tell it, app.mjs), and under /courier with the courier shell.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import vm from "node:vm";

const source = readFileSync(new URL("../../pwa/templates/sw.js", import.meta.url), "utf8")
  .replace("{{ version | tojson }}", '"test"')
  .replace("{{ precache | tojson }}", "[]");

function worker(stored) {
  const listeners = {};
  const caches = {
    async match(key, options = {}) {
      const store = options.cacheName ? (stored[options.cacheName] || {}) : Object.assign({}, ...Object.values(stored));
      return key in store ? { text: async () => store[key], page: store[key] } : undefined;
    },
    async open(name) {
      stored[name] = stored[name] || {};
      return { put: async (key, response) => { stored[name][key] = await response.text(); } };
    },
    keys: async () => Object.keys(stored),
  };
  class Response { constructor(body) { this.body = body; } async text() { return this.body; } }
  const self = { location: { origin: "https://motcua.example" }, addEventListener: (n, fn) => { listeners[n] = fn; } };
  const fetch = async () => { throw new TypeError("offline"); };
  vm.runInNewContext(source, { self, caches, fetch, URL, Response, console });
  return {
    async message(data) {
      let pending;
      listeners.message({ data, waitUntil: (p) => { pending = p; } });
      await pending;
    },
    async navigate(path) {
      let answer;
      listeners.fetch({
        request: { method: "GET", mode: "navigate", url: `https://motcua.example${path}` },
        respondWith: (p) => { answer = p; },
      });
      return (await answer).page;
    },
  };
}

const shell = () => ({
  "motcua-shell-test": { "/offline?lang=vi": "Không có kết nối mạng", "/offline?lang=en": "You are offline", "/courier/offline": "courier shell" },
});

test("offline, a reader who switched to English gets the English page", async () => {
  const sw = worker(shell());
  assert.equal(await sw.navigate("/dossiers"), "Không có kết nối mạng"); // nothing said yet: Vietnamese
  await sw.message({ type: "lang", lang: "en" });
  assert.equal(await sw.navigate("/dossiers/12"), "You are offline");
  await sw.message({ type: "lang", lang: "vi" });
  assert.equal(await sw.navigate("/"), "Không có kết nối mạng");
});

test("a language that is not a language is ignored", async () => {
  const sw = worker(shell());
  await sw.message({ type: "lang", lang: "../../x" });
  assert.equal(await sw.navigate("/"), "Không có kết nối mạng");
});

test("under /courier the courier's shell answers", async () => {
  const sw = worker(shell());
  assert.equal(await sw.navigate("/courier/route"), "courier shell");
});
