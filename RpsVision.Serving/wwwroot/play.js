// Play: rounds against the computer, whose move is drawn at random before the player's frame exists.

import { fitOf, inputSizeOf, predict, topProbability } from "./api.js";
import { captureFrame, startCameraOn } from "./camera.js";
import { MOVES } from "./moves.js";
import { $, MIN_CONFIDENCE, clearError, drawModelView, percent, reveal, showError, showRealPhotoScore, sleep } from "./view.js";

const COUNTDOWN = ["Rock…", "Paper…", "Scissors…", "Shoot!"];
const COUNTDOWN_STEP_MS = 500;
const BEATS = { rock: "scissors", paper: "rock", scissors: "paper" };

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

export function setUpPlay() {
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

  startCameraOn($("play-camera"), video, error, () => {
    picture.hidden = true;
    stage.dataset.state = "filled";
    source = "camera";
    status.textContent = "Camera on. Show rock, paper or scissors and press Shoot!";
    ready();
    shoot.focus();
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
