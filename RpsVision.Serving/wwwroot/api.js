// The two routes of the serving host the page calls: POST /predict and GET /model.

/** How the server makes a non-square picture square; a server that does not say stretches. */
const FITS = ["stretch", "pad", "crop"];

/** A failed request, as a title and a detail a person can act on. */
export class PredictError extends Error {
  constructor(title, detail) {
    super(detail ? `${title}: ${detail}` : title);
    this.title = title;
    this.detail = detail;
  }
}

/** Sends the image bytes to /predict; returns its JSON answer plus the time the request took. */
export async function predict(blob) {
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
export function inputSizeOf(prediction) {
  const size = prediction.model?.input_size;
  return Number.isInteger(size) && size > 0 ? size : null;
}

/** How the server made the picture square ("stretch", "pad" or "crop"), from the /predict answer. */
export function fitOf(prediction) {
  const fit = prediction.model?.fit;
  return FITS.includes(fit) ? fit : "stretch";
}

export function topProbability(prediction) {
  return prediction.probabilities[prediction.label] ?? Math.max(...Object.values(prediction.probabilities));
}

let modelDescription = null; // the promise of the last GET /model answer (null when it failed)

function fetchModelDescription() {
  modelDescription = fetch("model", { headers: { Accept: "application/json" } })
    .then((response) => (response.ok ? response.json() : null))
    .catch(() => null);
  return modelDescription;
}

/** The GET /model answer for the model that gave this prediction, fetched again once the server swapped models. */
export async function describeModel(prediction) {
  let description = await (modelDescription ?? fetchModelDescription());
  const model = prediction.model;
  if (!description || (model && (description.name !== model.name || description.version !== model.version))) {
    description = await fetchModelDescription();
  }
  return description;
}
