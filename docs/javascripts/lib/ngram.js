// A character n-gram model (interpolated modified Kneser-Ney) that scores text in the browser: the JavaScript
// twin of src/tfvisual/ngram.py, reading the file src/tfvisual/ngram_export.py writes (models/char-ngram/).
// No TF.js here: an n-gram model is a table lookup, not a network, and that is the point of showing it beside
// the RNN. A browser test (tests/browser/test_char_ngram_parity.py) holds its numbers equal to Python's.
//
//   const ngram = await loadNgram(siteUrl("models/char-ngram/"), { signal });   // siteUrl: runtime.js
//   ngram.log2Probability([1, 40, 57], 58);   // log2 P(id 58 | the ids before it)
//   ngram.distribution([1, 40, 57]);          // Float64Array: P(every id | the ids before it), sums to 1

import { yieldToBrowser } from "./yield.js";

const MAGIC = "TFVNGRAM";
const FORMAT_VERSION = 1;
const HEADER_BYTES = 8 + 3 * 4; // magic, then uint32 version, vocabulary size, order
const LEVEL_HEADER_BYTES = 3 * 4 + 3 * 8; // uint32 n-grams, key bytes, count bytes; float64 D1, D2, D3+
// Keys are exact integers only below 2**53 in a JavaScript number (a float64); the writer refuses larger ones.
const MAX_KEY = 2 ** 53;
const VARINT_MAX_BYTES = 8;

function formatError(message) {
  return new Error(`The n-gram model file is broken: ${message}.`);
}

async function fetchOrFail(url, what, signal) {
  let response;
  try {
    response = await fetch(url, { signal });
  } catch (error) {
    if (error.name === "AbortError") throw error; // the demo was unmounted: not a failure to report
    throw new Error(`The n-gram model's ${what} could not be downloaded from ${url} (${error.message}).`);
  }
  if (!response.ok) {
    throw new Error(`The n-gram model's ${what} could not be downloaded from ${url} (HTTP ${response.status}).`);
  }
  return response;
}

// `count` varints (LEB128: 7 bits per byte, lowest first, the top bit set on every byte but a number's last) that
// must fill bytes[start, end) exactly. Multiplying instead of shifting, because JavaScript's << works on 32 bits
// and the keys of 5 characters already need 31.
function readVarints(bytes, start, end, count, what) {
  const values = new Float64Array(count);
  let position = start;
  for (let i = 0; i < count; i++) {
    let value = 0;
    let scale = 1;
    for (let length = 1; ; length++) {
      if (position >= end) throw formatError(`${what} end in the middle of a number`);
      if (length > VARINT_MAX_BYTES) throw formatError(`${what} hold a number longer than ${VARINT_MAX_BYTES} bytes`);
      const byte = bytes[position++];
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) break;
      scale *= 128;
    }
    values[i] = value;
  }
  if (position !== end) throw formatError(`${what} have ${end - position} bytes left over`);
  return values;
}

// The discount a count gives up: nothing for an unseen n-gram (count 0), else D1, D2 or D3+.
function discountOf(level, count) {
  if (count === 0) return 0;
  return level.discounts[Math.min(count, 3) - 1];
}

// One level's table, rebuilt as src/tfvisual/ngram.py's `_level` builds it. The keys are sorted, so the n-grams
// of one context (the key without its last character) form one contiguous run: we keep where each run starts,
// its total count, and the mass its discounts give up to the shorter context (the "backoff"). The backoff is
// summed one discount at a time; numpy sums long runs pairwise, so the two can differ in the 16th digit, a
// millionth of a millionth of a bit per character.
function buildLevel(length, keys, counts, discounts, vocabularySize) {
  const level = { length, keys, counts, discounts };
  // At most one context per key: fill arrays of that size, then keep the part used.
  const contextKeys = new Float64Array(keys.length);
  const starts = new Uint32Array(keys.length + 1);
  const totals = new Float64Array(keys.length);
  const backoff = new Float64Array(keys.length);
  let contexts = 0;
  for (let i = 0; i < keys.length; i++) {
    // key % V is exact on whole float64 numbers, so (key - key % V) / V is the exact integer context.
    const context = (keys[i] - (keys[i] % vocabularySize)) / vocabularySize;
    if (contexts === 0 || context !== contextKeys[contexts - 1]) {
      contextKeys[contexts] = context;
      starts[contexts] = i;
      contexts++;
    }
    totals[contexts - 1] += counts[i];
    backoff[contexts - 1] += discountOf(level, counts[i]);
  }
  starts[contexts] = keys.length;
  return {
    ...level,
    contextKeys: contextKeys.slice(0, contexts),
    contextStarts: starts.slice(0, contexts + 1),
    contextTotals: totals.slice(0, contexts),
    contextBackoff: backoff.slice(0, contexts),
  };
}

// Async, with a turn for the browser before each level: the tables of a 5-gram model take tens of milliseconds
// to rebuild on a phone, and the reader may be typing meanwhile.
async function decodeNgram(buffer) {
  const view = new DataView(buffer);
  const bytes = new Uint8Array(buffer);
  const need = (offset, size, what) => {
    if (offset + size > bytes.length) {
      throw formatError(`truncated: ${what} needs ${size} bytes at byte ${offset}, the file has ${bytes.length}`);
    }
  };
  need(0, HEADER_BYTES, "the header");
  const magic = String.fromCharCode(...bytes.subarray(0, 8));
  if (magic !== MAGIC) throw formatError(`it does not start with "${MAGIC}"`);
  const version = view.getUint32(8, true);
  if (version !== FORMAT_VERSION) throw formatError(`format version ${version}, this reader knows ${FORMAT_VERSION}`);
  const vocabularySize = view.getUint32(12, true);
  const order = view.getUint32(16, true);
  if (vocabularySize < 1 || order < 1 || vocabularySize ** order > MAX_KEY) {
    throw formatError(`impossible header (vocabulary size ${vocabularySize}, order ${order})`);
  }
  let offset = HEADER_BYTES;
  const levels = [];
  for (let length = 1; length <= order; length++) {
    await yieldToBrowser();
    const what = `level ${length}`;
    need(offset, LEVEL_HEADER_BYTES, `${what}'s header`);
    const count = view.getUint32(offset, true);
    const keyBytes = view.getUint32(offset + 4, true);
    const countBytes = view.getUint32(offset + 8, true);
    const discounts = [0, 1, 2].map((k) => view.getFloat64(offset + 12 + 8 * k, true));
    offset += LEVEL_HEADER_BYTES;
    need(offset, keyBytes + countBytes, `${what}'s keys and counts`);
    // Keys are stored as differences from the previous key (small numbers, so short varints): add them back up.
    const keys = readVarints(bytes, offset, offset + keyBytes, count, `${what}'s keys`);
    for (let i = 1; i < count; i++) keys[i] += keys[i - 1];
    offset += keyBytes;
    const counts = readVarints(bytes, offset, offset + countBytes, count, `${what}'s counts`);
    offset += countBytes;
    for (let i = 0; i < count; i++) {
      if ((i > 0 && keys[i] <= keys[i - 1]) || counts[i] === 0) {
        throw formatError(`${what}'s keys are not strictly ascending or a count is 0`);
      }
    }
    if (count && keys[count - 1] >= vocabularySize ** length) {
      throw formatError(`${what} has a key beyond ${vocabularySize}^${length}`);
    }
    levels.push(buildLevel(length, keys, counts, discounts, vocabularySize));
  }
  if (offset !== bytes.length) throw formatError(`${bytes.length - offset} unexpected bytes after the last level`);
  return { vocabularySize, order, levels };
}

// The index of `key` in sorted[from, to), or -1: a binary search, because the top level holds hundreds of
// thousands of keys and a character needs one lookup per level.
function search(sorted, key, from = 0, to = sorted.length) {
  let low = from;
  let high = to - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const value = sorted[middle];
    if (value < key) low = middle + 1;
    else if (value > key) high = middle - 1;
    else return middle;
  }
  return -1;
}

// The index of a context in a level's table, or -1 when there is too little history (key -1) or training never
// saw it: either way the level passes the shorter context's probability through unchanged.
function findContext(level, contextKey) {
  return contextKey < 0 ? -1 : search(level.contextKeys, contextKey);
}

class NgramModel {
  constructor(card, { vocabularySize, order, levels }) {
    this.card = card;
    this.vocabularySize = vocabularySize;
    this.order = order;
    this.levels = levels;
  }

  // The ids that matter: the last order-1 of `history`, checked, so a wrong id fails loudly instead of silently
  // reading another n-gram's count.
  recentIds(history) {
    // slice, not a copy of the whole history: the demo passes everything written so far.
    const recent = Array.prototype.slice.call(history, Math.max(0, history.length - (this.order - 1)));
    for (const id of recent) this.checkId(id);
    return recent;
  }

  checkId(id) {
    if (!Number.isInteger(id) || id < 0 || id >= this.vocabularySize) {
      throw new RangeError(`A character id must be an integer from 0 to ${this.vocabularySize - 1}, not ${id}.`);
    }
  }

  // For each level k = 1..order: the key of the k-1 characters before the next one (the context), or -1 when
  // the history is shorter than that (the start of a text), in which case the level is skipped, as in Python.
  contextKeys(recent) {
    return this.levels.map(({ length }) => {
      if (recent.length < length - 1) return -1;
      let context = 0;
      for (const id of recent.slice(recent.length - (length - 1))) context = context * this.vocabularySize + id;
      return context;
    });
  }

  // P(id | history), the recursion of KneserNey._probabilities: start from the uniform distribution, then at
  // each longer context mix its discounted count with the shorter context's probability,
  //   P(c | h) = (max(count(h c) - D(count), 0) + backoff(h) * P(c | h')) / total(h),
  // keeping the shorter context's probability where h was never seen in training.
  probability(history, id) {
    this.checkId(id);
    const contexts = this.contextKeys(this.recentIds(history));
    let probability = 1 / this.vocabularySize;
    this.levels.forEach((level, k) => {
      const c = findContext(level, contexts[k]);
      if (c < 0) return;
      // The context's n-grams are one run of the sorted keys: search only there.
      const start = level.contextStarts[c];
      const end = level.contextStarts[c + 1];
      const index = search(level.keys, contexts[k] * this.vocabularySize + id, start, end);
      const count = index < 0 ? 0 : level.counts[index];
      const kept = Math.max(count - discountOf(level, count), 0);
      probability = (kept + level.contextBackoff[c] * probability) / level.contextTotals[c];
    });
    return probability;
  }

  log2Probability(history, id) {
    return Math.log2(this.probability(history, id));
  }

  // P(every id | history) at once: the same recursion for all characters, with one context search per level;
  // the characters seen in a context are exactly its run of keys, the rest have count 0.
  distribution(history) {
    const size = this.vocabularySize;
    const contexts = this.contextKeys(this.recentIds(history));
    let probabilities = new Float64Array(size).fill(1 / size);
    this.levels.forEach((level, k) => {
      const c = findContext(level, contexts[k]);
      if (c < 0) return;
      const backoff = level.contextBackoff[c];
      const total = level.contextTotals[c];
      const next = new Float64Array(size);
      // A character never seen after this context (count 0) keeps nothing of its own: all from the shorter one.
      for (let id = 0; id < size; id++) next[id] = (backoff * probabilities[id]) / total;
      for (let i = level.contextStarts[c]; i < level.contextStarts[c + 1]; i++) {
        const id = level.keys[i] % size;
        const count = level.counts[i];
        next[id] = (Math.max(count - discountOf(level, count), 0) + backoff * probabilities[id]) / total;
      }
      probabilities = next;
    });
    return probabilities;
  }
}

// Fetches `${folderUrl}card.json` and `${folderUrl}ngram.bin` and decodes the tables; throws an Error that says
// what went wrong (a missing file, a broken file, a card that does not describe the file). `signal` (optional)
// cancels the downloads when the reader leaves the page.
export async function loadNgram(folderUrl, { signal } = {}) {
  if (!String(folderUrl).endsWith("/")) {
    throw new Error(`loadNgram needs a folder URL ending in "/", not ${folderUrl}.`);
  }
  const folder = new URL(folderUrl, location.href); // a relative folder is taken relative to the page
  const cardUrl = new URL("card.json", folder).href;
  const [card, buffer] = await Promise.all([
    fetchOrFail(cardUrl, "card", signal).then((response) =>
      response.json().catch((error) => {
        if (error.name === "AbortError") throw error;
        throw new Error(`The n-gram model's card ${cardUrl} is not valid JSON (${error.message}).`);
      }),
    ),
    fetchOrFail(new URL("ngram.bin", folder).href, "tables", signal).then((response) => response.arrayBuffer()),
  ]);
  const tables = await decodeNgram(buffer);
  if (card.order !== tables.order || card.vocabulary?.size !== tables.vocabularySize) {
    throw new Error(
      `The n-gram model's card (order ${card.order}, ${card.vocabulary?.size} characters) does not describe ` +
        `its file (order ${tables.order}, ${tables.vocabularySize} characters).`,
    );
  }
  return new NgramModel(card, tables);
}
