// RpsVision page: classify a picture of a hand, or play rock-paper-scissors against the computer.
// It calls one route of the serving host, POST /predict, and nothing else.

/** Below this top probability a prediction is shown as unsure, and a round is not scored. */
const MIN_CONFIDENCE = 0.6;
const COUNTDOWN = ["Rock…", "Paper…", "Scissors…", "Shoot!"];
const COUNTDOWN_STEP_MS = 500;
const MOVES = ["rock", "paper", "scissors"];
const BEATS = { rock: "scissors", paper: "rock", scissors: "paper" };

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

function topProbability(prediction) {
  return prediction.probabilities[prediction.label] ?? Math.max(...Object.values(prediction.probabilities));
}

// ---------------------------------------------------------------------------------------------------------
// Pictures: the model's view, camera frames

/**
 * Draws the picture the way the server preprocesses it: transparency composited over white, then stretched
 * (aspect ratio not kept) to the model's square input. CSS upscales the canvas with pixelated rendering.
 */
async function drawModelView(canvas, caption, blob, size) {
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
  context.drawImage(bitmap, 0, 0, side, side);
  bitmap.close();
  caption.textContent = size
    ? `As the model sees it: stretched to ${size} × ${size} pixels.`
    : "As the model sees it (the server did not say its input size).";
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
    history.replaceState(null, "", tab.id === "tab-play" ? "#play" : location.pathname + location.search);
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
  if (location.hash === "#play") select($("tab-play"), false);
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
    await drawModelView($("classify-canvas"), $("classify-canvas-caption"), blob, inputSizeOf(prediction));
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
      await drawModelView($("play-canvas"), $("play-canvas-caption"), frame, inputSizeOf(prediction));
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

setUpTabs();
setUpClassify();
setUpPlay();
