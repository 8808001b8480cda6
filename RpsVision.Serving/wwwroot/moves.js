/** The three moves, which are also the model's labels, in the page's order. */
export const MOVES = ["rock", "paper", "scissors"];
