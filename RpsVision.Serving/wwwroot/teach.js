// Teach: frames of the user's own hand per label, handed over as one zip laid out <label>/<n>.png. Nothing here
// is sent to the server.

import { captureFrame, startCameraOn } from "./camera.js";
import { MOVES } from "./moves.js";
import { $, clearError, download, showError } from "./view.js";
import { zipStored } from "./zip.js";

const TEACH_ZIP_NAME = "rps-teach.zip";

export function setUpTeach() {
  const video = $("teach-video");
  const snap = $("teach-snap");
  const status = $("teach-status");
  const error = $("teach-error");
  const frames = Object.fromEntries(MOVES.map((label) => [label, []])); // per label, in order: { blob, url }
  const list = new Intl.ListFormat("en", { type: "conjunction" });
  let unsaved = false;

  const chosenLabel = () => document.querySelector('input[name="teach-label"]:checked').value;

  startCameraOn($("teach-camera"), video, error, () => {
    $("teach-stage").dataset.state = "filled";
    snap.disabled = false;
    snap.focus();
    status.textContent = `Camera on. Show ${chosenLabel()} and take a frame.`;
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
