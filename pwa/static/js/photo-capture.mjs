// Photo capture: downscale a phone photo in the browser (long side ~2000 px, JPEG) before it is
// sent, show upload progress, and let a failed upload be sent again without re-taking the photo.
// Bound to <form data-module="photo-capture"> holding <input type="file" name="file">; without
// JavaScript the same form posts the original file and the server does the work.

export const LONG_SIDE = 2000;
export const JPEG_QUALITY = 0.85;

// The size to draw a width×height photo at so its long side is at most `longSide` (never enlarged).
export function targetSize(width, height, longSide = LONG_SIDE) {
  if (!(width > 0 && height > 0)) throw new RangeError("image has no size");
  const scale = Math.min(1, longSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

// Whole percent sent, for the progress bar.
export function percent(loaded, total) {
  return total > 0 ? Math.min(100, Math.floor((loaded / total) * 100)) : 0;
}

// A network failure or a server hiccup may be retried with the same photo; a refusal (4xx other
// than 408/429) will not change on retry and is shown instead.
export function shouldRetry(status) {
  return status === 0 || status === 408 || status === 429 || status >= 500;
}

// The reader's message from a refusal: the problem document's title and detail (RFC 9457), or "".
export function problemMessage(text) {
  try {
    const problem = JSON.parse(text);
    return [problem.title, problem.detail].filter((part) => typeof part === "string" && part).join(" ");
  } catch {
    return "";
  }
}

// Keeps the prepared photo so "send again" re-sends it; `send(blob)` resolves to an HTTP status,
// or to { status, message } when the server explained a refusal.
export function createUpload(blob, send) {
  let attempts = 0;
  return {
    get attempts() { return attempts; },
    blob,
    async attempt() {
      attempts += 1;
      let status;
      let message = "";
      try {
        const answer = await send(blob);
        ({ status, message = "" } = typeof answer === "number" ? { status: answer } : answer);
      } catch {
        status = 0; // offline, DNS, connection reset
      }
      if (status >= 200 && status < 300) return { state: "done", status };
      const result = { state: shouldRetry(status) ? "retry" : "refused", status };
      if (message && result.state === "refused") result.message = message;
      return result;
    },
  };
}

// The name the prepared photo travels under: "photo.jpg" only when the browser really re-encoded
// it as JPEG; a file sent as picked (a HEIC photo this browser cannot decode, a PDF) keeps its
// own name and type, so the server reads it for what it is and converts it itself.
export function uploadName(blob, original) {
  if (blob !== original && blob.type === "image/jpeg") return "photo.jpg";
  return (original && original.name) || "upload";
}

async function downscale(file) {
  const bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  const { width, height } = targetSize(bitmap.width, bitmap.height);
  const canvas = new OffscreenCanvas(width, height);
  canvas.getContext("2d").drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  return canvas.convertToBlob({ type: "image/jpeg", quality: JPEG_QUALITY });
}

function sender(form, progress, original) {
  return (blob) => new Promise((resolve, reject) => {
    const body = new FormData(form);
    body.set("file", blob, uploadName(blob, original));
    const request = new XMLHttpRequest();
    request.open(form.method || "POST", form.action);
    request.setRequestHeader("Accept", "application/json"); // a refusal comes back as a problem document
    request.upload.onprogress = (event) => { progress.value = percent(event.loaded, event.total); };
    request.onload = () => resolve({ status: request.status, message: problemMessage(request.responseText) });
    request.onerror = () => reject(new Error("network"));
    request.send(body);
  });
}

// After a page is stored, show the page again so it lists the new photo (a fragment alone would
// not reload it).
function showPage(next) {
  if (!next) return;
  const url = new URL(next, window.location.href);
  if (url.pathname === window.location.pathname && url.search === window.location.search) {
    window.location.hash = url.hash;
    window.location.reload();
  } else {
    window.location.assign(url.href);
  }
}

export function start(form) {
  const input = form.querySelector('input[type="file"]');
  const progress = form.querySelector("progress") || form.appendChild(document.createElement("progress"));
  const status = form.querySelector("[data-status]") || form.appendChild(document.createElement("p"));
  const retry = form.querySelector("[data-retry]");
  let upload = null;
  const run = async () => {
    if (retry) retry.hidden = true;
    progress.hidden = false;
    progress.value = 0;
    status.textContent = form.dataset.sending || "";
    const result = await upload.attempt();
    status.textContent = result.message || form.dataset[result.state] || result.state;
    if (result.state !== "done") progress.hidden = true;
    if (result.state === "retry" && retry) retry.hidden = false;
    if (result.state === "done") {
      form.dispatchEvent(new CustomEvent("photo-uploaded"));
      showPage(form.dataset.next);
    }
  };
  form.addEventListener("submit", async (event) => {
    const file = input && input.files[0];
    if (!file || !file.type.startsWith("image/") || typeof createImageBitmap !== "function") return;
    event.preventDefault();
    let blob = file;
    try { blob = await downscale(file); } catch { blob = file; } // HEIC the browser cannot read: send as is
    upload = createUpload(blob, sender(form, progress, file));
    await run();
  });
  if (retry) retry.addEventListener("click", () => upload && run());
}
