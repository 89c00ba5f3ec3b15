// The reader's settings as typed, checked before anything is computed (no DOM, no TF.js). Each parser returns
// {value} or {error: a sentence that says what is wrong and what would be right}.

export const CELLS = {
  simple_rnn: "SimpleRNN",
  gru: "GRU",
  lstm: "LSTM",
};

// The forget-gate biases the demo accepts: enough to see the gradient vanish (negative: the gate mostly
// closed) and stop vanishing (5 keeps σ(b) ≈ 0.993); beyond that σ(b) is 1 to float32 precision anyway.
export const FORGET_BIAS_RANGE = { min: -5, max: 10 };

// The recurrent weight scales the demo accepts: from a kernel that shrinks the gradient fourfold per step to one
// that could stretch it fourfold (σ_max(s·U) = s for Keras' orthogonal U); s = 1 is the kernel as initialised.
export const RECURRENT_SCALE_RANGE = { min: 0.25, max: 4 };

// A plain decimal number ("3", "-1.5", "2e-1"); Number() alone would also accept "0x10", "  " and "Infinity".
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function parseNumber(text) {
  const trimmed = text.trim().replace(/^\u2212/, "-"); // a typographic minus, as pages print it
  return DECIMAL.test(trimmed) ? Number(trimmed) : null;
}

// TF.js 4.22 cannot differentiate a recurrent layer over a single step (the gradient of its one-element unstack
// fails), and with one step there is no time to go back through: sequences start at 2 steps.
export const MIN_STEPS = 2;

export function parseSteps(text, maxSteps) {
  const range = `a whole number from ${MIN_STEPS} to ${maxSteps}`;
  if (!text.trim()) return { error: `Enter a sequence length T: ${range}.` };
  const value = parseNumber(text);
  if (value === null) return { error: `“${text.trim()}” is not a number. T must be ${range}.` };
  if (!Number.isInteger(value)) return { error: `T counts steps, so it must be ${range}; ${value} is not whole.` };
  if (value < MIN_STEPS || value > maxSteps) {
    return { error: `T = ${value} is out of range: it must be ${range}.` };
  }
  return { value };
}

export function parseForgetBias(text) {
  const { min, max } = FORGET_BIAS_RANGE;
  const range = `a number from ${min} to ${max}`;
  if (!text.trim()) return { error: `Enter a forget-gate bias: ${range}.` };
  const value = parseNumber(text);
  if (value === null) return { error: `“${text.trim()}” is not a number. The forget-gate bias must be ${range}.` };
  if (value < min || value > max) return { error: `A forget-gate bias of ${value} is out of range: it must be ${range}.` };
  return { value };
}

export function parseRecurrentScale(text) {
  const { min, max } = RECURRENT_SCALE_RANGE;
  const range = `a number from ${min} to ${max}`;
  if (!text.trim()) return { error: `Enter a recurrent weight scale: ${range}.` };
  const value = parseNumber(text);
  // "The scale", not its full name: the message must fit the room the demo keeps for it on a phone.
  if (value === null) return { error: `“${text.trim()}” is not a number. The scale must be ${range}.` };
  if (value < min || value > max) return { error: `A scale of ${value} is out of range: it must be ${range}.` };
  return { value };
}
