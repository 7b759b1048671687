// The courier's scanner: the camera (getUserMedia) and BarcodeDetector where the browser has
// it, otherwise the vendored jsQR decoder (static/vendor, loaded on demand). A code that looks
// like a MotCua pickup token fills the form's hidden `token` and submits it; the server checks
// it. The typed-code form next to it works without camera or JavaScript.
// Bound to <form data-module="qr-scan" data-decoder="/static/vendor/…/jsQR.js">.

export const TOKEN = /^MC1\.[A-Za-z0-9_-]{10,40}\.[A-Za-z0-9_-]{10,40}$/;
export const FRAME_MS = 200;

export function looksLikeToken(text) {
  return typeof text === "string" && TOKEN.test(text.trim());
}

// A decoder: (source) → Promise<string|null>, source being a canvas with the current frame.
export async function chooseDecoder(win, loadFallback) {
  const Detector = win.BarcodeDetector;
  if (typeof Detector === "function") {
    const formats = typeof Detector.getSupportedFormats === "function" ? await Detector.getSupportedFormats() : [];
    if (formats.includes("qr_code")) {
      const detector = new Detector({ formats: ["qr_code"] });
      return { kind: "barcode-detector", decode: async (canvas) => (await detector.detect(canvas))[0]?.rawValue ?? null };
    }
  }
  const jsQR = await loadFallback();
  return {
    kind: "jsqr",
    decode: async (canvas) => {
      const context = canvas.getContext("2d", { willReadFrequently: true });
      const image = context.getImageData(0, 0, canvas.width, canvas.height);
      return jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" })?.data ?? null;
    },
  };
}

// Grab frames until one decodes to a pickup token (other QR codes are ignored), or `stop()`.
export async function scanUntilToken(grab, decode, { wait, stopped = () => false }) {
  while (!stopped()) {
    const frame = await grab();
    if (frame) {
      let text = null;
      try {
        text = await decode(frame);
      } catch {
        text = null;
      }
      if (looksLikeToken(text)) return text.trim();
    }
    await wait();
  }
  return null;
}

export function loadScript(src, doc = document, win = window) {
  if (win.jsQR) return Promise.resolve(win.jsQR);
  return new Promise((resolve, reject) => {
    const script = doc.createElement("script");
    script.src = src;
    script.onload = () => (win.jsQR ? resolve(win.jsQR) : reject(new Error("decoder missing")));
    script.onerror = () => reject(new Error("decoder not loaded"));
    doc.head.appendChild(script);
  });
}

export async function start(form) {
  const video = form.querySelector("[data-video]");
  const status = form.querySelector("[data-scan-status]");
  const tokenInput = form.querySelector("[data-token]");
  if (!video || !navigator.mediaDevices?.getUserMedia) {
    if (status) status.textContent = form.dataset.noCamera;
    return;
  }
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
  } catch {
    if (status) status.textContent = form.dataset.noCamera;
    return;
  }
  video.srcObject = stream;
  video.hidden = false;
  await video.play().catch(() => {});
  const decoder = await chooseDecoder(window, () => loadScript(form.dataset.decoder));
  form.dataset.decoderKind = decoder.kind;
  const canvas = document.createElement("canvas");
  const grab = async () => {
    if (!video.videoWidth) return null;
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    canvas.getContext("2d", { willReadFrequently: true }).drawImage(video, 0, 0);
    return canvas;
  };
  const token = await scanUntilToken(grab, decoder.decode, {
    wait: () => new Promise((resolve) => setTimeout(resolve, FRAME_MS)),
  });
  stream.getTracks().forEach((track) => track.stop());
  if (token) {
    tokenInput.value = token;
    form.submit();
  }
}
