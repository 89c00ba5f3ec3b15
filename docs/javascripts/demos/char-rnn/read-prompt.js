// Reading the prompt (no page): the start line break and the prompt go through the model from the zero state, many
// characters per call, and every one is scored into the transcript. One call of many characters is far cheaper
// than as many steps (model.js), and between calls the page stays responsive: the progress shows, Stop works.

const CHUNK = 256; // characters per call
const PROMPT_SHOWN = 1000; // the last characters of a long prompt put on screen (all of it is read and scored)

// Resolves true once everything is read, false if `run.cancelled` turned true first (it is checked before every
// call). After each call, `betweenCalls({read, total, perCall, chunked})` shows the progress and resolves when the
// page may go on; `chunked`: the prompt takes more than one call, so there is progress worth showing.
export async function readPrompt(run, { reader, transcript, startId, promptIds, betweenCalls }) {
  reader.reset();
  transcript.begin(startId, promptIds.length);
  const all = [startId, ...promptIds];
  const shownFrom = Math.max(1, all.length - PROMPT_SHOWN);
  const { units, vocabularySize } = reader;
  for (let from = 0; from < all.length; from += CHUNK) {
    if (run.cancelled) return false;
    const chunk = all.slice(from, from + CHUNK);
    const out = await reader.read(chunk);
    chunk.forEach((id, t) => {
      const position = from + t;
      // The start line break is not scored: it only gives the distribution of the prompt's first character.
      if (position > 0) {
        const h = out.h.subarray(t * units, (t + 1) * units);
        transcript.add(id, position >= shownFrom ? { isPrompt: true, h, c: null } : null);
      }
      transcript.expect(out.probabilities.subarray(t * vocabularySize, (t + 1) * vocabularySize));
    });
    const read = Math.min(all.length, from + CHUNK) - 1;
    await betweenCalls({ read, total: promptIds.length, perCall: CHUNK, chunked: all.length > CHUNK });
  }
  return true;
}
