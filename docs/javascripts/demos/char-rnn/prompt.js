// The prompt as the model reads it (no TF.js, no page): typographic punctuation turned into the plain ASCII the
// corpus uses, every other character outside the vocabulary mapped to the unknown symbol (id 0, as in training),
// and a cap on the length. Pure functions, so the messages the reader sees are easy to test.

// Longer prompts are refused: the page would hold tens of thousands of coloured characters.
export const MAX_PROMPT = 20000;

// The corpus is plain ASCII (models/char-rnn/card.json, corpus.normalisation), but text pasted from elsewhere
// brings curly quotes, dashes and ellipses. They mean the same as these ASCII characters.
const TYPOGRAPHIC = new Map([
  ["\u2018", "'"],
  ["\u2019", "'"],
  ["\u201c", '"'],
  ["\u201d", '"'],
  ["\u2013", "-"],
  ["\u2014", "--"],
  ["\u2026", "..."],
  ["\u00a0", " "],
]);
const TYPOGRAPHIC_PATTERN = /[\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u00a0]/g;

// Characters and their ids from the card's vocabulary string (id 0: the unknown symbol).
export function createVocabulary(card) {
  const characters = [...card.vocabulary.characters];
  const ids = new Map(characters.map((character, id) => [character, id]));
  return { characters, ids, unknownId: card.vocabulary.unknown_id, size: characters.length };
}

// {ids, replaced, unknown, error}: `ids` one per character the model reads (after the typographic
// replacements), `replaced` the typographic characters that were replaced, `unknown` the
// distinct characters read as the unknown symbol, `error` a message when the prompt is too long (then nothing
// else is set).
export function preparePrompt(raw, vocabulary) {
  const characterCount = [...raw].length;
  if (characterCount > MAX_PROMPT) {
    return {
      error:
        `The prompt has ${characterCount.toLocaleString("en")} characters; the demo reads at most ` +
        `${MAX_PROMPT.toLocaleString("en")}. Shorten it and press Generate again.`,
    };
  }
  const replaced = new Set();
  const text = raw.replace(TYPOGRAPHIC_PATTERN, (match) => {
    replaced.add(match);
    return TYPOGRAPHIC.get(match);
  });
  const unknown = new Set();
  const ids = [];
  for (const character of text) {
    const id = vocabulary.ids.get(character);
    if (id === undefined || id === vocabulary.unknownId) unknown.add(character);
    ids.push(id ?? vocabulary.unknownId);
  }
  return { ids, replaced: [...replaced], unknown: [...unknown] };
}

// The note shown above the text: where an empty prompt starts, or what had to change in the prompt ([] if nothing),
// as pieces: plain words, and {code} for a character, which the page shows as code. A character is never put
// inside quotation marks: a replaced quotation mark inside curly quotes would read as three quotes in a row.
export function describePrompt(prompt, vocabulary) {
  const empty = "The prompt is empty: the model starts from a line break, as every work it read starts.";
  return prompt.ids.length ? describeChanges(prompt, vocabulary) : [empty];
}

// A character as the note shows it: itself, or its code point where it would be invisible (a space, U+00A0).
const shown = (character) => ({
  code:
    character.trim() === ""
      ? `U+${character.codePointAt(0).toString(16).toUpperCase().padStart(4, "0")}`
      : character,
});

// [a, b, c] with `between` between them: the pieces of a list.
const joined = (items, between) => items.flatMap((item, i) => (i ? [between, ...item] : item));

function describeChanges({ replaced, unknown }, vocabulary) {
  const pieces = [];
  if (replaced.length) {
    const pairs = replaced.map((c) => [shown(c), " → ", shown(TYPOGRAPHIC.get(c))]);
    pieces.push("Typographic punctuation replaced by the ASCII the corpus uses: ", ...joined(pairs, ", "), ".");
  }
  if (unknown.length) {
    if (pieces.length) pieces.push(" ");
    pieces.push(
      "Not in the model's vocabulary, read as the unknown symbol ",
      shown(vocabulary.characters[vocabulary.unknownId]),
      ": ",
      ...joined(
        unknown.map((c) => [shown(c)]),
        ", ",
      ),
      ".",
    );
  }
  return pieces;
}
