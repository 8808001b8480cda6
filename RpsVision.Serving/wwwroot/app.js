// RpsVision page: classify a picture of a hand, play rock-paper-scissors against the computer, or take frames of
// your own hand to train on. It calls two public routes of the serving host, POST /predict and GET /model, and
// nothing else; Teach mode sends nothing at all.

import { zipStored } from "./zip.js";

/** Below this top probability a prediction is shown as unsure, and a round is not scored. */
const MIN_CONFIDENCE = 0.6;
const COUNTDOWN = ["Rock…", "Paper…", "Scissors…", "Shoot!"];
const COUNTDOWN_STEP_MS = 500;
const MOVES = ["rock", "paper", "scissors"];
const BEATS = { rock: "scissors", paper: "rock", scissors: "paper" };
/** How the server makes a non-square picture square; a server that does not say stretches. */
const FITS = ["stretch", "pad", "crop"];
const TEACH_ZIP_NAME = "rps-teach.zip";

const $ = (id) => document.getElementById(id);
const percent = (p) => `${(p * 100).toFixed(1)}%`;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");

/** On a narrow screen the result sits below the picture: bring it into view. */
function reveal(element) {
  element.scrollIntoView({ block: "nearest", behavior: reducedMotion.matches ? "auto" : "smooth" });
}

// ---------------------------------------------------------------------------------------------------------
// The /predict route

class PredictError extends Error {
  constructor(title, detail) {
    super(detail ? `${title}: ${detail}` : title);
    this.title = title;
    this.detail = detail;
  }
}

/** Sends the image bytes to /predict; returns its JSON answer plus the time the request took. */
async function predict(blob) {
  const started = performance.now();
  let response;
  try {
    response = await fetch("predict", {
      method: "POST",
      body: blob,
      headers: { "Content-Type": blob.type || "application/octet-stream", Accept: "application/json" },
    });
  } catch {
    throw new PredictError("The server could not be reached", "Check that RpsVision.Serving is running.");
  }
  const body = await response.json().catch(() => null);
  const elapsedMs = performance.now() - started;
  if (!response.ok) {
    throw problemError(response, body);
  }
  if (!body || typeof body.label !== "string" || !body.probabilities) {
    throw new PredictError("Unexpected answer from the server", "The answer has no label or probabilities.");
  }
  return { ...body, elapsedMs };
}

/** Turns an RFC 7807 problem (or a bare status) into a message a person can act on. */
function problemError(response, problem) {
  const fallback = {
    400: "That file is not an image the model can read",
    413: "That image is too large",
    415: "That file type is not supported",
    503: "The model is busy",
  };
  const title = problem?.title || fallback[response.status] || `The server answered ${response.status}`;
  let detail = problem?.detail || "";
  const retryAfter = response.headers.get("Retry-After");
  if (response.status === 503 && retryAfter) {
    detail = `${detail} Try again in ${retryAfter} s.`.trim();
  }
  return new PredictError(title, detail);
}

/** Side of the square model input, from the /predict answer; null when the server does not say. */
function inputSizeOf(prediction) {
  const size = prediction.model?.input_size;
  return Number.isInteger(size) && size > 0 ? size : null;
}

/** How the server made the picture square ("stretch", "pad" or "crop"), from the /predict answer. */
function fitOf(prediction) {
  const fit = prediction.model?.fit;
  return FITS.includes(fit) ? fit : "stretch";
}

function topProbability(prediction) {
  return prediction.probabilities[prediction.label] ?? Math.max(...Object.values(prediction.probabilities));
}

// ---------------------------------------------------------------------------------------------------------
// The /model route: which model answers, and how it did on real photos

let modelDescription = null; // the promise of the last GET /model answer (null when it failed)

function fetchModelDescription() {
  modelDescription = fetch("model", { headers: { Accept: "application/json" } })
    .then((response) => (response.ok ? response.json() : null))
    .catch(() => null);
  return modelDescription;
}

/** The GET /model answer for the model that gave this prediction, fetched again once the server swapped models. */
async function describeModel(prediction) {
  let description = await (modelDescription ?? fetchModelDescription());
  const model = prediction.model;
  if (!description || (model && (description.name !== model.name || description.version !== model.version))) {
    description = await fetchModelDescription();
  }
  return description;
}

/** What the model's metadata says of real photos (a run measures it with --real-photos); null when unknown. */
function realPhotoSentence(description) {
  if (!description) return null;
  const accuracy = description.real_photo_accuracy;
  if (typeof accuracy !== "number" || !(accuracy >= 0 && accuracy <= 1)) {
    return "This model has not been measured on real photos —";
  }
  const set = description.real_photo_set;
  return `This model scores ${percent(accuracy)} on real photos${typeof set === "string" && set ? ` (${set})` : ""} —`;
}

/** Fills a "… — teach it your hand" line beside an answer; hidden when the server does not describe its model. */
async function showRealPhotoScore(element, prediction) {
  const sentence = realPhotoSentence(await describeModel(prediction));
  if (sentence) element.querySelector(".honesty-text").textContent = sentence;
  element.hidden = sentence === null;
}

// ---------------------------------------------------------------------------------------------------------
// Pictures: the model's view, camera frames

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
async function drawModelView(canvas, caption, blob, size, fit = "stretch") {
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

/** One frame of a playing video as a PNG blob, at the camera's full resolution. */
function captureFrame(video) {
  const canvas = document.createElement("canvas");
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  canvas.getContext("2d").drawImage(video, 0, 0);
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("The camera gave no frame."))), "image/png"));
}

let cameraStream = null;

/** Opens the camera once and shares it between the two modes. */
async function openCamera() {
  if (cameraStream) return cameraStream;
  if (!navigator.mediaDevices?.getUserMedia) {
    throw new PredictError("No camera here", "This browser gives no camera to this page (it needs https or localhost).");
  }
  try {
    cameraStream = await navigator.mediaDevices.getUserMedia({
      video: { facingMode: "user", width: { ideal: 640 }, height: { ideal: 480 } },
      audio: false,
    });
  } catch (error) {
    throw new PredictError("The camera could not be started", `${error.message || error.name}. You can choose a picture instead.`);
  }
  return cameraStream;
}

async function showCamera(video) {
  video.srcObject = await openCamera();
  video.hidden = false;
  await video.play();
  if (!video.videoWidth) {
    await new Promise((resolve) => video.addEventListener("loadedmetadata", resolve, { once: true }));
  }
}

function showError(element, error) {
  element.replaceChildren();
  const title = document.createElement("strong");
  title.textContent = error.title ?? "Something went wrong";
  element.append(title);
  const detail = error.detail ?? (error.title ? "" : String(error.message ?? error));
  if (detail) element.append(document.createTextNode(detail));
  element.hidden = false;
}

function clearError(element) {
  element.hidden = true;
  element.replaceChildren();
}

// ---------------------------------------------------------------------------------------------------------
// Tabs (WAI-ARIA tabs pattern: arrow keys move between tabs, Tab moves into the panel)

/** The modes that have an address of their own (#play, #teach); Classify is the page without one. */
const MODE_HASHES = { "tab-play": "#play", "tab-teach": "#teach" };

function setUpTabs() {
  const tabs = [...document.querySelectorAll('[role="tab"]')];
  const select = (tab, focus) => {
    for (const other of tabs) {
      const selected = other === tab;
      other.setAttribute("aria-selected", String(selected));
      other.tabIndex = selected ? 0 : -1;
      $(other.getAttribute("aria-controls")).hidden = !selected;
    }
    if (focus) tab.focus();
    history.replaceState(null, "", MODE_HASHES[tab.id] ?? location.pathname + location.search);
  };
  tabs.forEach((tab, index) => {
    tab.addEventListener("click", () => select(tab, false));
    tab.addEventListener("keydown", (event) => {
      const moves = { ArrowRight: 1, ArrowLeft: -1, Home: -index, End: tabs.length - 1 - index };
      if (!(event.key in moves)) return;
      event.preventDefault();
      select(tabs[(index + moves[event.key] + tabs.length) % tabs.length], true);
    });
  });
  // A link to a mode (the "teach it your hand" pointers) switches to it and moves focus to its tab.
  document.addEventListener("click", (event) => {
    const link = event.target.closest?.("a[href^='#']");
    const tab = link && tabs.find((t) => MODE_HASHES[t.id] === link.getAttribute("href"));
    if (!tab) return;
    event.preventDefault();
    select(tab, true);
  });
  const start = tabs.find((tab) => MODE_HASHES[tab.id] === location.hash);
  if (start) select(start, false);
}

// ---------------------------------------------------------------------------------------------------------
// Classify

function setUpClassify() {
  const file = $("classify-file");
  const dropzone = $("dropzone");
  const preview = $("classify-preview");
  const video = $("classify-video");
  const status = $("classify-status");
  const error = $("classify-error");
  const result = $("classify-result");
  let previewUrl = null;

  // A file the browser cannot draw (the server will say why) leaves the drop area empty, not a broken image.
  preview.addEventListener("error", () => {
    preview.hidden = true;
    dropzone.dataset.state = "empty";
  });

  async function classify(blob) {
    clearError(error);
    video.hidden = true;
    $("classify-snap").hidden = true;
    if (previewUrl) URL.revokeObjectURL(previewUrl);
    previewUrl = URL.createObjectURL(blob);
    preview.src = previewUrl;
    preview.hidden = false;
    dropzone.dataset.state = "filled";
    status.textContent = "Asking the model…";
    status.classList.remove("visually-hidden");
    result.setAttribute("aria-busy", "true");
    try {
      const prediction = await predict(blob);
      await showPrediction(prediction, blob);
      // Read out by screen readers; on screen the verdict below says the same.
      status.textContent = `The model says ${prediction.label}, with ${percent(topProbability(prediction))} probability.`;
      status.classList.add("visually-hidden");
    } catch (failure) {
      result.hidden = true;
      status.textContent = "No prediction.";
      showError(error, failure);
    } finally {
      result.removeAttribute("aria-busy");
    }
  }

  async function showPrediction(prediction, blob) {
    const top = topProbability(prediction);
    $("classify-label").textContent = prediction.label;
    $("classify-label").parentElement.classList.toggle("unsure", top < MIN_CONFIDENCE);
    $("classify-confidence").textContent = top < MIN_CONFIDENCE
      ? `${percent(top)}, unsure`
      : percent(top);
    renderBars($("classify-bars"), prediction);
    await drawModelView($("classify-canvas"), $("classify-canvas-caption"), blob, inputSizeOf(prediction), fitOf(prediction));
    await showRealPhotoScore($("classify-honesty"), prediction);
    $("classify-time").textContent = `${Math.round(prediction.elapsedMs)} ms`;
    $("classify-server-time").textContent = Number.isFinite(prediction.elapsed_ms)
      ? ` (${prediction.elapsed_ms.toFixed(1)} ms on the server)`
      : "";
    const model = prediction.model;
    $("classify-model").textContent = model?.name ? `model ${model.name}${model.version ? ` ${model.version}` : ""}` : "model";
    result.hidden = false;
    reveal(result);
  }

  file.addEventListener("change", () => {
    if (file.files.length) classify(file.files[0]);
    file.value = "";
  });

  dropzone.addEventListener("dragover", (event) => {
    event.preventDefault();
    dropzone.classList.add("dragging");
  });
  dropzone.addEventListener("dragleave", () => dropzone.classList.remove("dragging"));
  dropzone.addEventListener("drop", (event) => {
    event.preventDefault();
    dropzone.classList.remove("dragging");
    const dropped = event.dataTransfer?.files?.[0];
    if (dropped) classify(dropped);
  });

  // A picture pasted anywhere on the page (Ctrl+V) is classified, while this mode is shown.
  document.addEventListener("paste", (event) => {
    const pasted = [...(event.clipboardData?.files ?? [])].find((f) => f.type.startsWith("image/"));
    if (pasted && !$("panel-classify").hidden) {
      event.preventDefault();
      classify(pasted);
    }
  });

  $("classify-camera").addEventListener("click", async () => {
    clearError(error);
    try {
      await showCamera(video);
      preview.hidden = true;
      dropzone.dataset.state = "filled";
      $("classify-snap").hidden = false;
      $("classify-snap").focus();
      status.textContent = "Camera on. Show your hand and take a photo.";
    } catch (failure) {
      showError(error, failure);
    }
  });

  $("classify-snap").addEventListener("click", async () => {
    try {
      await classify(await captureFrame(video));
    } catch (failure) {
      showError(error, failure);
    }
  });
}

function renderBars(list, prediction) {
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

// ---------------------------------------------------------------------------------------------------------
// Play

/** A uniformly random move from the browser's cryptographic generator (rejection sampling: no modulo bias). */
function randomMove() {
  const limit = Math.floor(0x100000000 / MOVES.length) * MOVES.length;
  const value = new Uint32Array(1);
  do {
    crypto.getRandomValues(value);
  } while (value[0] >= limit);
  return MOVES[value[0] % MOVES.length];
}

function judge(player, computer) {
  if (player === computer) return "draw";
  return BEATS[player] === computer ? "win" : "lose";
}

function setUpPlay() {
  const video = $("play-video");
  const picture = $("play-picture");
  const stage = $("play-stage");
  const shoot = $("shoot");
  const status = $("round-status");
  const error = $("round-error");
  const result = $("round-result");
  const countdown = $("countdown");
  const score = { win: 0, lose: 0, draw: 0 };
  let source = null; // "camera" or a picture Blob
  let round = 1;
  let busy = false;

  const ready = () => {
    shoot.disabled = busy || source === null;
  };

  $("play-camera").addEventListener("click", async () => {
    clearError(error);
    try {
      await showCamera(video);
      picture.hidden = true;
      stage.dataset.state = "filled";
      source = "camera";
      status.textContent = "Camera on. Show rock, paper or scissors and press Shoot!";
      ready();
      shoot.focus();
    } catch (failure) {
      showError(error, failure);
    }
  });

  $("play-file").addEventListener("change", (event) => {
    const chosen = event.target.files[0];
    event.target.value = "";
    if (!chosen) return;
    clearError(error);
    if (picture.src) URL.revokeObjectURL(picture.src);
    picture.src = URL.createObjectURL(chosen);
    picture.hidden = false;
    video.hidden = true;
    stage.dataset.state = "filled";
    source = chosen;
    status.textContent = "Picture ready. Press Shoot!";
    ready();
    shoot.focus();
  });

  shoot.addEventListener("click", async () => {
    if (busy || source === null) return;
    busy = true;
    ready();
    clearError(error);
    $("round-number").textContent = round;
    // Drawn before the player's frame exists, so it cannot depend on it.
    const computerMove = randomMove();
    try {
      for (const word of COUNTDOWN) {
        countdown.textContent = word;
        countdown.classList.remove("tick");
        void countdown.offsetWidth; // restarts the animation
        countdown.classList.add("tick");
        status.textContent = word;
        await sleep(COUNTDOWN_STEP_MS);
      }
      const frame = source === "camera" ? await captureFrame(video) : source;
      status.textContent = "Asking the model…";
      const prediction = await predict(frame);
      await drawModelView($("play-canvas"), $("play-canvas-caption"), frame, inputSizeOf(prediction), fitOf(prediction));
      await showRealPhotoScore($("play-honesty"), prediction);
      showRound(prediction, computerMove);
    } catch (failure) {
      status.textContent = "This round did not count.";
      showError(error, failure);
    } finally {
      countdown.textContent = "";
      busy = false;
      ready();
    }
  });

  function showRound(prediction, computerMove) {
    const player = prediction.label;
    const confidence = topProbability(prediction);
    $("player-move").textContent = player;
    $("player-confidence").textContent = `${percent(confidence)} sure`;
    result.hidden = false;
    reveal(result);
    if (confidence < MIN_CONFIDENCE || !MOVES.includes(player)) {
      result.dataset.outcome = "unsure";
      $("computer-move").textContent = "?";
      $("computer-note").textContent = "not shown: no score";
      $("round-outcome").textContent = "Not sure what you played.";
      status.textContent = `The model is unsure (${player}, ${percent(confidence)}). This round does not count: try again.`;
      shoot.textContent = "Try again";
      return;
    }
    const outcome = judge(player, computerMove);
    score[outcome] += 1;
    result.dataset.outcome = outcome;
    $("computer-move").textContent = computerMove;
    $("computer-note").textContent = "drawn at random";
    const sentence = { win: "You win!", lose: "Computer wins.", draw: "Draw." }[outcome];
    $("round-outcome").textContent = sentence;
    status.textContent = `You played ${player}, the computer played ${computerMove}. ${sentence}`;
    const entry = document.createElement("li");
    entry.textContent = `${player} vs ${computerMove}: ${sentence}`;
    $("history").prepend(entry);
    round += 1;
    renderScore();
    shoot.textContent = "Shoot!";
  }

  function renderScore() {
    $("score-player").textContent = score.win;
    $("score-computer").textContent = score.lose;
    $("score-draws").textContent = score.draw;
  }

  $("new-game").addEventListener("click", () => {
    score.win = score.lose = score.draw = 0;
    round = 1;
    $("history").replaceChildren();
    $("round-number").textContent = round;
    result.hidden = true;
    clearError(error);
    shoot.textContent = "Shoot!";
    status.textContent = "New game. Press Shoot! when ready.";
    renderScore();
  });
}

// ---------------------------------------------------------------------------------------------------------
// Teach: frames of the user's own hand per label, handed over as one zip laid out <label>/<n>.png

function setUpTeach() {
  const video = $("teach-video");
  const snap = $("teach-snap");
  const status = $("teach-status");
  const error = $("teach-error");
  const frames = Object.fromEntries(MOVES.map((label) => [label, []])); // per label, in order: { blob, url }
  const list = new Intl.ListFormat("en", { type: "conjunction" });
  let unsaved = false;

  const chosenLabel = () => document.querySelector('input[name="teach-label"]:checked').value;

  $("teach-camera").addEventListener("click", async () => {
    clearError(error);
    try {
      await showCamera(video);
      $("teach-stage").dataset.state = "filled";
      snap.disabled = false;
      snap.focus();
      status.textContent = `Camera on. Show ${chosenLabel()} and take a frame.`;
    } catch (failure) {
      showError(error, failure);
    }
  });

  snap.addEventListener("click", async () => {
    const label = chosenLabel();
    try {
      const blob = await captureFrame(video);
      frames[label].push({ blob, url: URL.createObjectURL(blob) });
      unsaved = true;
      clearError(error);
      render(label);
      status.textContent = `Took ${label} frame ${frames[label].length}.`;
    } catch (failure) {
      showError(error, failure);
    }
  });

  function render(label) {
    for (const count of document.querySelectorAll(`[data-count="${label}"]`)) count.textContent = frames[label].length;
    document.querySelector(`[data-frames="${label}"]`)
      .replaceChildren(...frames[label].map((frame, index) => thumbnail(label, frame, index + 1)));
  }

  // Numbered as in the zip: removing a frame renumbers the ones after it.
  function thumbnail(label, frame, number) {
    const item = document.createElement("li");
    const image = document.createElement("img");
    image.src = frame.url;
    image.alt = `${label} frame ${number}`;
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "thumb-remove";
    remove.setAttribute("aria-label", `Remove ${label} frame ${number}`);
    remove.textContent = "×";
    remove.addEventListener("click", () => removeFrame(label, number - 1));
    item.append(image, remove);
    return item;
  }

  function removeFrame(label, index) {
    const [removed] = frames[label].splice(index, 1);
    URL.revokeObjectURL(removed.url);
    render(label);
    const left = frames[label].length;
    status.textContent = `Removed ${label} frame ${index + 1}; ${left} ${label} frame${left === 1 ? "" : "s"} left.`;
    // Focus stays where it was: on the frame that took the removed one's place, else the one before, else Take frame.
    const buttons = document.querySelectorAll(`[data-frames="${label}"] .thumb-remove`);
    (buttons[Math.min(index, buttons.length - 1)] ?? snap).focus();
  }

  $("teach-zip").addEventListener("click", async () => {
    const empty = MOVES.filter((label) => frames[label].length === 0);
    if (empty.length) {
      showError(error, {
        title: "Every label needs at least one frame",
        detail: `No frames yet for ${list.format(empty)}: pick ${empty.length === 1 ? "it" : "each"} above and take a few.`,
      });
      status.textContent = "No zip built.";
      return;
    }
    clearError(error);
    try {
      const entries = MOVES.flatMap((label) =>
        frames[label].map((frame, index) => ({ name: `${label}/${index + 1}.png`, blob: frame.blob })));
      const zip = await zipStored(entries);
      download(zip, TEACH_ZIP_NAME);
      unsaved = false;
      const counts = list.format(MOVES.map((label) => `${frames[label].length} ${label}`));
      status.textContent = `Downloaded ${TEACH_ZIP_NAME} (${counts}; ${(zip.size / 1e6).toFixed(1)} MB). Train on it as below.`;
    } catch (failure) {
      showError(error, { title: "The zip could not be built", detail: String(failure.message ?? failure) });
    }
  });

  // Frames live only in this page: say so before a reload or a closed tab loses them.
  window.addEventListener("beforeunload", (event) => {
    if (unsaved) event.preventDefault();
  });
}

/** Hands a blob to the user as a file download. */
function download(blob, fileName) {
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement("a"), { href: url, download: fileName, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later, not at once: the download reads the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

setUpTabs();
setUpClassify();
setUpPlay();
setUpTeach();
