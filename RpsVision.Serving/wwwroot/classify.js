// Classify: one picture in (a file, a drop, a paste or a camera frame), the model's view, label and
// probabilities out.

import { fitOf, inputSizeOf, predict, topProbability } from "./api.js";
import { captureFrame, startCameraOn } from "./camera.js";
import { $, MIN_CONFIDENCE, clearError, drawModelView, percent, renderBars, reveal, showError, showRealPhotoScore } from "./view.js";

export function setUpClassify() {
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

  startCameraOn($("classify-camera"), video, error, () => {
    preview.hidden = true;
    dropzone.dataset.state = "filled";
    $("classify-snap").hidden = false;
    $("classify-snap").focus();
    status.textContent = "Camera on. Show your hand and take a photo.";
  });

  $("classify-snap").addEventListener("click", async () => {
    try {
      await classify(await captureFrame(video));
    } catch (failure) {
      showError(error, failure);
    }
  });
}
