// node --test: the scanner's pure parts — which decoder it picks, what counts as a pickup token,
// and scanning frames until one holds a token.
import { test } from "node:test";
import assert from "node:assert/strict";

import { chooseDecoder, looksLikeToken, scanUntilToken } from "../../pwa/static/js/qr-scan.mjs";

// Only the shape of a pickup token (docs/courier.md: 17-byte payload, 16-byte tag, base64url):
// filler characters, signed by no key, so nothing here could be taken for a real code.
const TOKEN = `MC1.${"A".repeat(23)}.${"B".repeat(22)}`;

test("only MotCua pickup tokens are taken from a QR", () => {
  assert.equal(looksLikeToken(TOKEN), true);
  assert.equal(looksLikeToken(` ${TOKEN}\n`), true);
  for (const other of ["https://motcua.gov.vn/lookup/STP-261123-0001", "MC1.abc", "", null, 42]) {
    assert.equal(looksLikeToken(other), false, String(other));
  }
});

test("BarcodeDetector is used when it reads QR codes", async () => {
  class FakeDetector {
    static async getSupportedFormats() { return ["qr_code", "ean_13"]; }
    async detect() { return [{ rawValue: TOKEN }]; }
  }
  let loaded = false;
  const decoder = await chooseDecoder({ BarcodeDetector: FakeDetector }, async () => { loaded = true; });
  assert.equal(decoder.kind, "barcode-detector");
  assert.equal(await decoder.decode({}), TOKEN);
  assert.equal(loaded, false);
});

test("without BarcodeDetector (desktop Chromium) the JS decoder reads the frame", async () => {
  const pixels = { data: new Uint8ClampedArray(16), width: 2, height: 2 };
  const canvas = { width: 2, height: 2, getContext: () => ({ getImageData: () => pixels }) };
  const seen = [];
  const jsQR = (data, width, height) => { seen.push([data.length, width, height]); return { data: TOKEN }; };
  const decoder = await chooseDecoder({}, async () => jsQR);
  assert.equal(decoder.kind, "jsqr");
  assert.equal(await decoder.decode(canvas), TOKEN);
  assert.deepEqual(seen, [[16, 2, 2]]);
});

test("a detector that cannot read QR codes falls back to the JS decoder", async () => {
  class NoQr { static async getSupportedFormats() { return ["ean_13"]; } }
  const decoder = await chooseDecoder({ BarcodeDetector: NoQr }, async () => () => null);
  assert.equal(decoder.kind, "jsqr");
});

test("frames are read until one holds a token; empty frames, other codes and errors are skipped", async () => {
  const answers = [null, "https://example.org", new Error("blurred"), TOKEN];
  let waits = 0;
  const token = await scanUntilToken(
    async () => ({}),
    async () => { const next = answers.shift(); if (next instanceof Error) throw next; return next; },
    { wait: async () => { waits += 1; } },
  );
  assert.equal(token, TOKEN);
  assert.equal(waits, 3);
});

test("scanning stops when asked", async () => {
  let frames = 0;
  const token = await scanUntilToken(async () => { frames += 1; return null; }, async () => null, {
    wait: async () => {},
    stopped: () => frames >= 5,
  });
  assert.equal(token, null);
  assert.equal(frames, 5);
});
