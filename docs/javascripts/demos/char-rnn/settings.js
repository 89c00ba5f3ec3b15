// The reader's settings (no TF.js, no page): the ones the demo opens with, taken from the model card, and the
// checks of what the reader typed. Each parser returns {value} or {error: a sentence that says what would be right}.

// The characters one run may write: enough to read a few lines, few enough to stay a short wait on any backend.
const LENGTHS = { min: 50, max: 2000 };

// The opening settings: one of the card's own samples (computed in Python with the same sampler), so Generate
// first writes exactly the text that sample shows. Its temperature, below 1, keeps the text readable.
export function defaultSettings(card) {
  const sample = card.samples.find((s) => s.prompt) ?? card.samples[0];
  const length = Math.min(LENGTHS.max, Math.max(LENGTHS.min, sample.text.length));
  return {
    prompt: sample.prompt,
    temperature: sample.temperature,
    seed: sample.seed,
    length,
    minLength: LENGTHS.min,
    maxLength: LENGTHS.max,
  };
}

// The sampler's seed is a 32-bit unsigned integer, as in Python (sampler.js).
export function parseSeed(text) {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed) && Number(trimmed) <= 0xffffffff) return { value: Number(trimmed) };
  return { error: "The seed must be a whole number from 0 to 4,294,967,295." };
}

export function parseLength(text) {
  const trimmed = text.trim();
  const value = Number(trimmed);
  if (/^\d+$/.test(trimmed) && value >= LENGTHS.min && value <= LENGTHS.max) return { value };
  return { error: `Choose a whole number of characters from ${LENGTHS.min} to ${LENGTHS.max}.` };
}
