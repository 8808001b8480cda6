// The camera, opened once and shared by the three modes, and the frames taken from it.

import { PredictError } from "./api.js";
import { clearError, showError } from "./view.js";

/** One frame of a playing video as a PNG blob, at the camera's full resolution. */
export function captureFrame(video) {
  const canvas = document.createElement("canvas");
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  canvas.getContext("2d").drawImage(video, 0, 0);
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("The camera gave no frame."))), "image/png"));
}

let cameraStream = null;

/** Opens the camera once; every mode shares it. */
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

/**
 * Makes `button` start the camera into `video`, then call `onStarted`; a camera that cannot start (none, or
 * permission refused) is explained in `error` instead.
 */
export function startCameraOn(button, video, error, onStarted) {
  button.addEventListener("click", async () => {
    clearError(error);
    try {
      await showCamera(video);
      onStarted();
    } catch (failure) {
      showError(error, failure);
    }
  });
}
