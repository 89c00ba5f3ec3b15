// Which colour each character of the text gets (no TF.js, no page): the RNN's or the n-gram's probability of it,
// or a hidden unit's value after it. h stays within −1..1 (a tanh), but a cell c has no fixed range, so a c unit
// is scaled by the largest |c| on screen, which can grow as text is written.

import { activationColours, probabilityColours } from "./colours.js";
import { unitValue } from "./transcript.js";

const UNCOLOURED = ["transparent", "inherit"]; // a character with no value to show (c of the prompt)

// A unit as the unit menu writes it: "h:12" -> {state: "h", unit: 12, name: "h 12"}.
function parseUnit(value) {
  const [state, unit] = value.split(":");
  return { state, unit: Number(unit), name: `${state} ${unit}` };
}

// `mode`: "rnn", "ngram" or "unit" (the colour menu's values); `unit`: the unit menu's value.
export function createColouring(transcript, { mode, unit }) {
  let chosen = parseUnit(unit);
  let largestC = 0; // the largest |c| of the chosen unit on screen

  // [background, text] CSS colours of a character on screen.
  function colourOf(record) {
    if (mode === "unit") {
      const value = unitValue(record, chosen);
      if (value === null) return UNCOLOURED;
      return activationColours(chosen.state === "h" ? value : value / (largestC || 1));
    }
    if (mode === "ngram") {
      const p = transcript.ngramProbability(record);
      return p === null ? UNCOLOURED : probabilityColours(p);
    }
    return probabilityColours(transcript.rnnProbability(record));
  }

  // Widens the c scale to every character on screen; true if it grew (then every colour must be redone).
  function widen() {
    if (chosen.state !== "c") return false;
    const before = largestC;
    for (const { c } of transcript.records) if (c) largestC = Math.max(largestC, Math.abs(c[chosen.unit]));
    return largestC !== before;
  }

  // The scale measured afresh from the characters on screen (before everything is recoloured).
  function rescale() {
    largestC = 0;
    widen();
  }

  return {
    colourOf,
    widen,
    rescale,
    get mode() {
      return mode;
    },
    get chosen() {
      return chosen;
    },
    setMode(value) {
      mode = value;
    },
    setUnit(value) {
      chosen = parseUnit(value);
    },
    // What the legend says about a unit's scale: {name, largest: the largest |c|, or null for h}.
    legendScale: () => ({ name: chosen.name, largest: chosen.state === "c" ? largestC || 1 : null }),
  };
}
