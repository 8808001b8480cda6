// What the modes share on screen: element lookup, formatting, errors, probability bars, the model's view of a
// picture, the real-photo score line, downloads.

import { describeModel } from "./api.js";

/** Below this top probability a prediction is shown as unsure, and a round is not scored. */
export const MIN_CONFIDENCE = 0.6;

export const $ = (id) => document.getElementById(id);
export const percent = (p) => `${(p * 100).toFixed(1)}%`;
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");

/** On a narrow screen the result sits below the picture: bring it into view. */
export function reveal(element) {
  element.scrollIntoView({ block: "nearest", behavior: reducedMotion.matches ? "auto" : "smooth" });
}

export function showError(element, error) {
  element.replaceChildren();
  const title = document.createElement("strong");
  title.textContent = error.title ?? "Something went wrong";
  element.append(title);
  const detail = error.detail ?? (error.title ? "" : String(error.message ?? error));
  if (detail) element.append(document.createTextNode(detail));
  element.hidden = false;
}

export function clearError(element) {
  element.hidden = true;
  element.replaceChildren();
}

export function renderBars(list, prediction) {
  const entries = Object.entries(prediction.probabilities);
  list.replaceChildren(...entries.map(([name, probability]) => {
    const item = document.createElement("li");
    item.className = name === prediction.label ? "bar top" : "bar";
    item.dataset.label = name;
    item.dataset.probability = String(probability);
    const label = document.createElement("span");
    label.className = "bar-name";
    label.textContent = name;
    const track = document.createElement("span");
    track.className = "bar-track";
    track.setAttribute("aria-hidden", "true");
    const fill = document.createElement("span");
    fill.className = "bar-fill";
    fill.style.width = `${Math.max(0, Math.min(1, probability)) * 100}%`;
    track.append(fill);
    const value = document.createElement("span");
    value.className = "bar-value";
    value.textContent = percent(probability);
    item.append(label, track, value);
    return item;
  }));
}

/** Which version answers, when `teach` made it: "Version V, taught with N photos on top of version P. "; else "". */
function taughtSentence(description) {
  const taught = Number(description.metadata?.taught_photos);
  if (!description.parent_version || !(taught > 0)) return "";
  return `Version ${description.version}, taught with ${taught} photo${taught === 1 ? "" : "s"} on top of version ${description.parent_version}. `;
}

/** What the model's metadata says of real photos (a run measures it with --real-photos); null when unknown. */
function realPhotoSentence(description) {
  if (!description) return null;
  const taught = taughtSentence(description);
  const accuracy = description.real_photo_accuracy;
  if (typeof accuracy !== "number" || !(accuracy >= 0 && accuracy <= 1)) {
    return `${taught}This model has not been measured on real photos —`;
  }
  const set = description.real_photo_set;
  return `${taught}This model scores ${percent(accuracy)} on real photos${typeof set === "string" && set ? ` (${set})` : ""} —`;
}

/** Fills a "… — teach it your hand" line beside an answer; hidden when the server does not describe its model. */
export async function showRealPhotoScore(element, prediction) {
  const sentence = realPhotoSentence(await describeModel(prediction));
  if (sentence) element.querySelector(".honesty-text").textContent = sentence;
  element.hidden = sentence === null;
}

const FIT_CAPTIONS = {
  stretch: (size) => `As the model sees it: stretched to ${size} × ${size} pixels.`,
  pad: (size) => `As the model sees it: scaled to fit ${size} × ${size} pixels, the edges repeated to fill the square.`,
  crop: (size) => `As the model sees it: the centre square, scaled to ${size} × ${size} pixels.`,
};

/**
 * Draws the picture the way the server preprocesses it: transparency composited over white, then made square
 * as the server does (`fit`): stretched (aspect ratio not kept), scaled to fit with the edge pixels repeated
 * into the bands beside it, or centre-cropped. CSS upscales the canvas with pixelated rendering.
 */
export async function drawModelView(canvas, caption, blob, size, fit = "stretch") {
  const context = canvas.getContext("2d");
  let bitmap;
  try {
    bitmap = await createImageBitmap(blob);
  } catch {
    canvas.width = canvas.height = 1;
    caption.textContent = "Your browser cannot show this picture.";
    return;
  }
  const side = size ?? 64;
  canvas.width = canvas.height = side;
  context.fillStyle = "#fff";
  context.fillRect(0, 0, side, side);
  context.imageSmoothingEnabled = true;
  context.imageSmoothingQuality = "high";
  const { width, height } = bitmap;
  if (fit === "pad") {
    // As the server pads: the long side to the square's, the short side rounded (at least 1), centred.
    const w = width >= height ? side : Math.max(1, Math.round((side * width) / height));
    const h = height >= width ? side : Math.max(1, Math.round((side * height) / width));
    const left = Math.floor((side - w) / 2);
    const top = Math.floor((side - h) / 2);
    context.drawImage(bitmap, left, top, w, h);
    repeatEdges(context, side, { left, top, w, h });
  } else if (fit === "crop") {
    const square = Math.min(width, height);
    context.drawImage(bitmap, (width - square) / 2, (height - square) / 2, square, square, 0, 0, side, side);
  } else {
    context.drawImage(bitmap, 0, 0, side, side);
  }
  bitmap.close();
  canvas.dataset.fit = fit;
  caption.textContent = size
    ? FIT_CAPTIONS[fit](size)
    : "As the model sees it (the server did not say its input size).";
}

/** Fills the square around the picture at (left, top) with its nearest edge pixel, row by row and column by column. */
function repeatEdges(context, side, { left, top, w, h }) {
  if (w === side && h === side) return;
  const image = context.getImageData(0, 0, side, side);
  const pixels = new Uint32Array(image.data.buffer); // one RGBA pixel per element
  for (let y = 0; y < side; y++) {
    const fromY = Math.min(Math.max(y, top), top + h - 1);
    for (let x = 0; x < side; x++) {
      const fromX = Math.min(Math.max(x, left), left + w - 1);
      if (fromX !== x || fromY !== y) pixels[y * side + x] = pixels[fromY * side + fromX];
    }
  }
  context.putImageData(image, 0, 0);
}

/** Hands a blob to the user as a file download. */
export function download(blob, fileName) {
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement("a"), { href: url, download: fileName, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later, not at once: the download reads the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
