// node --test: the pure parts of photo capture — the downscaled size, progress, and retrying
// with the same prepared photo.
import { test } from "node:test";
import assert from "node:assert/strict";

import { createUpload, percent, problemMessage, shouldRetry, targetSize, uploadName } from "../../pwa/static/js/photo-capture.mjs";

test("a 12-megapixel photo is drawn with its long side at 2000 px, keeping its shape", () => {
  assert.deepEqual(targetSize(4000, 3000), { width: 2000, height: 1500 });
  assert.deepEqual(targetSize(3024, 4032), { width: 1500, height: 2000 });
});

test("a small photo is never enlarged, and an empty one is refused", () => {
  assert.deepEqual(targetSize(640, 480), { width: 640, height: 480 });
  assert.throws(() => targetSize(0, 480), RangeError);
});

test("progress is whole percent, capped at 100", () => {
  assert.equal(percent(0, 0), 0);
  assert.equal(percent(512, 1024), 50);
  assert.equal(percent(2048, 1024), 100);
});

test("network failures and server errors may be retried; refusals may not", () => {
  for (const status of [0, 408, 429, 500, 503]) assert.equal(shouldRetry(status), true, String(status));
  for (const status of [400, 401, 404, 413, 415, 422]) assert.equal(shouldRetry(status), false, String(status));
});

test("a failed upload is sent again with the same photo, without taking it again", async () => {
  const sent = [];
  const answers = [new Error("offline"), 503, 201];
  const blob = { size: 123456, type: "image/jpeg" };
  const upload = createUpload(blob, async (body) => {
    sent.push(body);
    const answer = answers.shift();
    if (answer instanceof Error) throw answer;
    return answer;
  });
  assert.deepEqual(await upload.attempt(), { state: "retry", status: 0 });
  assert.deepEqual(await upload.attempt(), { state: "retry", status: 503 });
  assert.deepEqual(await upload.attempt(), { state: "done", status: 201 });
  assert.equal(upload.attempts, 3);
  assert.ok(sent.every((body) => body === blob));
});

test("a refused photo is reported, not retried", async () => {
  const upload = createUpload({}, async () => 415);
  assert.deepEqual(await upload.attempt(), { state: "refused", status: 415 });
});

test("a refusal the server explained is shown in its words, and still not retried", async () => {
  const upload = createUpload({}, async () => ({ status: 413, message: "The file is too large." }));
  assert.deepEqual(await upload.attempt(), { state: "refused", status: 413, message: "The file is too large." });
  const flaky = createUpload({}, async () => ({ status: 503, message: "Unavailable" }));
  assert.deepEqual(await flaky.attempt(), { state: "retry", status: 503 });
});

test("the message of a problem document is its title and detail; anything else gives none", () => {
  assert.equal(
    problemMessage(JSON.stringify({ title: "Unsupported file.", detail: "Send a photo or a PDF.", status: 415 })),
    "Unsupported file. Send a photo or a PDF.",
  );
  assert.equal(problemMessage(JSON.stringify({ title: "Too many pages." })), "Too many pages.");
  assert.equal(problemMessage("<html>Bad gateway</html>"), "");
  assert.equal(problemMessage(""), "");
});

test("a photo the browser re-encoded is sent as photo.jpg; one it could not read keeps its own name", () => {
  const heic = { name: "IMG_0042.HEIC", type: "image/heic", size: 2_000_000 };
  // Chromium cannot decode HEIC: downscale fails and the picked file itself is sent.
  assert.equal(uploadName(heic, heic), "IMG_0042.HEIC");
  // Safari decodes it: the JPEG drawn from it is what travels.
  assert.equal(uploadName({ type: "image/jpeg", size: 300_000 }, heic), "photo.jpg");
  const pdf = { name: "giay-to.pdf", type: "application/pdf" };
  assert.equal(uploadName(pdf, pdf), "giay-to.pdf");
});
