// node --test: the courier's offline queue — items keyed per courier with a device id, sent once
// the network is back, kept while it is not, and never sent under another courier's login.
import { test } from "node:test";
import assert from "node:assert/strict";

import { databaseName, flush, formBody, memoryQueue, newItem, outcome, stepName } from "../../pwa/static/js/offline-queue.mjs";

const FORM = [
  ["_csrf_token", "secret"],
  ["kind", "picked_up"],
  ["booking_id", "7"],
  ["client_event_id", "from-the-server-form"],
  ["seal_number", "NP-1"],
  ["documents_checked", "id_card"],
  ["documents_checked", "photo"],
];
let counter = 0;
const options = () => ({ uuid: () => `uuid-${++counter}`, now: new Date("2026-11-23T02:00:00Z"), deviceId: "device-1" });

test("each courier has their own database; no courier, no queue", () => {
  assert.equal(databaseName(12), "motcua-courier-queue-12");
  assert.notEqual(databaseName(12), databaseName(13));
  assert.throws(() => databaseName(""), RangeError);
  assert.throws(() => databaseName("12; drop"), RangeError);
});

test("an item carries a device-made id, its owner, the device and time, and no CSRF token", () => {
  const item = newItem(FORM, 12, options());
  assert.match(item.id, /^uuid-\d+$/);
  assert.equal(item.fields.client_event_id, item.id);
  assert.equal(item.fields.owner_id, "12");
  assert.equal(item.fields.device_id, "device-1");
  assert.equal(item.fields.client_at, "2026-11-23T02:00:00.000Z");
  assert.deepEqual(item.fields.documents_checked, ["id_card", "photo"]);
  assert.equal("_csrf_token" in item.fields, false);
  const body = formBody(item);
  assert.deepEqual(body.getAll("documents_checked"), ["id_card", "photo"]);
  assert.equal(body.get("owner_id"), "12");
});

test("the seal photo travels with the item as a file part; an empty file input adds nothing", () => {
  const photo = new Blob([new Uint8Array([0xff, 0xd8, 0xff])], { type: "image/jpeg" });
  const empty = new Blob([], { type: "application/octet-stream" });
  const withPhoto = newItem([...FORM, ["seal_photo", photo]], 12, options());
  assert.equal(withPhoto.fields.seal_photo, photo);
  const sent = formBody(withPhoto).get("seal_photo");
  assert.equal(sent.size, 3);
  assert.equal(sent.type, "image/jpeg");
  const without = newItem([...FORM, ["seal_photo", empty]], 12, options());
  assert.equal("seal_photo" in without.fields, false);
});

test("200 and 201 are sent, network trouble is retried, refusals are kept to show", () => {
  for (const status of [200, 201]) assert.equal(outcome(status), "sent");
  for (const status of [0, 408, 429, 500, 503]) assert.equal(outcome(status), "retry");
  for (const status of [403, 404, 409, 410, 422]) assert.equal(outcome(status), "refused");
});

test("offline the item waits; back online it is sent once and leaves the queue", async () => {
  const queue = memoryQueue();
  await queue.put(newItem(FORM, 12, options()));
  const sent = [];
  let online = false;
  const send = async (item) => {
    if (!online) throw new TypeError("Failed to fetch");
    sent.push(item.id);
    return 201;
  };
  assert.deepEqual(await flush(queue, 12, send), { sent: 0, waiting: 1, refused: 0 });
  assert.equal((await queue.all()).length, 1);
  online = true;
  assert.deepEqual(await flush(queue, 12, send), { sent: 1, waiting: 0, refused: 0 });
  assert.deepEqual(await flush(queue, 12, send), { sent: 0, waiting: 0, refused: 0 });
  assert.equal(sent.length, 1);
});

test("a replay the server already has (200) also leaves the queue", async () => {
  const queue = memoryQueue();
  await queue.put(newItem(FORM, 12, options()));
  assert.equal((await flush(queue, 12, async () => 200)).sent, 1);
  assert.deepEqual(await queue.all(), []);
});

test("another courier's items are never sent", async () => {
  const queue = memoryQueue();
  await queue.put(newItem(FORM, 12, options()));
  let calls = 0;
  const result = await flush(queue, 13, async () => { calls += 1; return 201; });
  assert.equal(calls, 0);
  assert.equal(result.sent, 0);
  assert.equal((await queue.all()).length, 1);
});

test("a refused item stays, marked, and is not sent again", async () => {
  const queue = memoryQueue();
  await queue.put(newItem(FORM, 12, options()));
  let calls = 0;
  const send = async () => { calls += 1; return 409; };
  assert.equal((await flush(queue, 12, send)).refused, 1);
  assert.equal((await flush(queue, 12, send)).refused, 1);
  assert.equal(calls, 1);
  const [item] = await queue.all();
  assert.deepEqual([item.state, item.status], ["refused", 409]);
});

test("the queue names each waiting handoff by its step, not by its code", () => {
  // What the browser makes of data-step-delivered-to-office="Giao hồ sơ cho cơ quan".
  const dataset = { stepPickedUp: "Nhận hồ sơ tại nhà", stepDeliveredToOffice: "Giao hồ sơ cho cơ quan" };
  assert.equal(stepName("delivered_to_office", dataset), "Giao hồ sơ cho cơ quan");
  assert.equal(stepName("picked_up", dataset), "Nhận hồ sơ tại nhà");
  assert.equal(stepName("something_new", dataset), "something_new");
});
