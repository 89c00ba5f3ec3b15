// What the demo has read and written, character by character (no TF.js, no page): the ids, the log2 probability
// each model gave each character, and for the characters on screen the RNN's whole distribution at that step and
// the hidden state after it. Everything the page says about the text (colours, bits per character, the top 5,
// a unit's value) is read from here.

// `vocabulary`: from prompt.js's createVocabulary.
export function createTranscript(vocabulary) {
  // Every character read so far, as ids: the start line break, the prompt, the written characters. Per position,
  // log2 of the probability each model gave it (the start has none; the n-gram's only once it has loaded).
  let ids = [];
  let rnnLog2 = [];
  let ngramLog2 = [];
  let promptLength = 0;
  // The characters on screen (the end of a long prompt, then every written one): {character, id, position,
  // isPrompt, distribution (the RNN's P over the vocabulary at that step), h, c (null for the prompt: a call of
  // many characters returns c only after the last)}.
  let records = [];
  let next = null; // the RNN's P(next character) after everything read so far
  let ngram = null;

  // The n-gram's log2 P of `id` at `position`, given the characters before it that its order can see.
  const ngramScore = (position, id) =>
    ngram.log2Probability(ids.slice(Math.max(0, position - ngram.order + 1), position), id);

  // A new text: the start line break read, a prompt of `length` characters to follow.
  function begin(startId, length) {
    ids = [startId];
    rnnLog2 = [undefined];
    ngramLog2 = [];
    records = [];
    promptLength = length;
  }

  // The RNN's distribution for the character after the last one read (the model's output for it).
  function expect(probabilities) {
    next = probabilities;
  }

  // One character more, scored by both models: the RNN by the distribution it gave before reading it. `shown`
  // ({isPrompt, h, c}: the state after it) puts it on screen; null for the part of a long prompt not shown.
  function add(id, shown) {
    const position = ids.length;
    rnnLog2.push(Math.log2(next[id]));
    if (ngram) ngramLog2[position] = ngramScore(position, id);
    ids.push(id);
    // What the model read: a character outside its vocabulary shows as the unknown symbol.
    if (shown) records.push({ character: vocabulary.characters[id], id, position, distribution: next, ...shown });
  }

  // The n-gram arrived: it scores what is already read, so both columns always cover the same characters.
  function scoreWithNgram(model) {
    ngram = model;
    for (let position = 1; position < ids.length; position++) ngramLog2[position] = ngramScore(position, ids[position]);
  }

  // Bits per character of the written text and of the prompt under each model: the mean of −log2 P, NaN where
  // there is nothing to average.
  function bits() {
    const promptEnd = promptLength + 1;
    return {
      rnn: { written: meanBits(rnnLog2, promptEnd, ids.length), prompt: meanBits(rnnLog2, 1, promptEnd) },
      ngram: { written: meanBits(ngramLog2, promptEnd, ids.length), prompt: meanBits(ngramLog2, 1, promptEnd) },
    };
  }

  // The RNN's `count` likeliest characters at the step that wrote (or read) `record`: [{character, p}].
  function top(record, count) {
    return [...record.distribution.keys()]
      .sort((a, b) => record.distribution[b] - record.distribution[a])
      .slice(0, count)
      .map((id) => ({ character: vocabulary.characters[id], p: record.distribution[id] }));
  }

  return {
    begin,
    expect,
    add,
    scoreWithNgram,
    bits,
    top,
    get records() {
      return records;
    },
    get next() {
      return next;
    },
    get written() {
      return Math.max(0, ids.length - promptLength - 1);
    },
    // The probability each model gave a character on screen (the n-gram's null until it has scored it).
    rnnProbability: (record) => 2 ** rnnLog2[record.position],
    ngramProbability: (record) => (ngramLog2[record.position] === undefined ? null : 2 ** ngramLog2[record.position]),
    // For tests (element.charRnn): every character on screen with both models' numbers, and the written text.
    describe: () =>
      records.map((r) => ({
        character: r.character,
        isPrompt: r.isPrompt,
        p: r.distribution[r.id],
        distribution: Array.from(r.distribution),
        ngramLog2: ngramLog2[r.position] ?? null,
      })),
    text: () =>
      records
        .filter((r) => !r.isPrompt)
        .map((r) => r.character)
        .join(""),
  };
}

// A hidden unit's value after `record`: `unit` {state: "h" or "c", unit}; null for c of a prompt character.
export function unitValue(record, unit) {
  return unit.state === "h" ? record.h[unit.unit] : (record.c?.[unit.unit] ?? null);
}

// The mean of −log2 P over positions from…to−1 that have one.
function meanBits(log2, from, to) {
  let sum = 0;
  let count = 0;
  for (let i = from; i < to; i++) {
    if (log2[i] === undefined) continue;
    sum -= log2[i];
    count += 1;
  }
  return count ? sum / count : NaN;
}
