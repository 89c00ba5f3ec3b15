// The colour scales of the character-RNN demo (no TF.js, no page): a character's probability, and a hidden
// unit's activation. Signed values use the site's diverging map (lib/palette.js), like every other demo.

import { divergingColour, rgb, textColourOn } from "../../lib/palette.js";

// Probability bins, from "the model did not expect this" to "the model was sure": a few bins read more easily than
// a continuous scale, and each one is a legend entry. ColorBrewer's OrRd, dark for surprising characters.
export const PROBABILITY_BINS = [
  { below: 0.01, label: "under 1%", colour: "#b30000" },
  { below: 0.05, label: "1–5%", colour: "#e34a33" },
  { below: 0.2, label: "5–20%", colour: "#fc8d59" },
  { below: 0.5, label: "20–50%", colour: "#fdcc8a" },
  { below: Infinity, label: "50% or more", colour: "#fef0d9" },
];
const BIN_RGB = PROBABILITY_BINS.map((bin) => rgb(bin.colour));

// [background, text] CSS colours for a character the model gave probability p.
export function probabilityColours(p) {
  const index = PROBABILITY_BINS.findIndex((bin) => p < bin.below);
  return cssPair(BIN_RGB[index]);
}

// [background, text] for a unit's value scaled to −1..1 (h already is; c is divided by its largest |c| seen).
export function activationColours(scaled) {
  return cssPair(divergingColour(scaled));
}

function cssPair(colour) {
  return [`rgb(${colour.join(" ")})`, textColourOn(colour)];
}
