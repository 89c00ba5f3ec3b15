// The machine learning of the character-RNN demo: the trained LSTM read one call at a time with its state carried
// over. Nothing here touches the page (view.js and text-view.js do).
//
// The exported model (src/tfvisual/models/char_rnn.py) takes [characters (1, n) int32, state h, state c] and
// returns [P(next character) after each of the n characters, h after the last, c after the last]. Feeding back the
// h and c it returned continues the text exactly where it stopped: an LSTM is the same cell applied once per
// character, so n characters in one call equal n calls of one character (tests/browser/test_char_rnn_parity.py).
// Nothing is ever re-read: each written character costs one step of the cell, not a window of them.

const LSTM_LAYER = "lstm";

// The sizes the model was trained with, read from the model itself (a retrain with other sizes needs no change).
function describeModel(model) {
  const [, stateH] = model.inputs;
  const [probabilities] = model.outputs;
  return { units: stateH.shape.at(-1), vocabularySize: probabilities.shape.at(-1) };
}

// A reader that holds the LSTM's state between calls. Besides the model's own outputs it returns h after every
// character of a call (the LSTM layer's sequence output, which the model computes anyway), so the demo can
// colour a prompt fed in one call by a unit's h. c comes out only after the last character of a call.
export function createReader(tf, model) {
  const { units, vocabularySize } = describeModel(model);
  const [probabilities, nextH, nextC] = model.outputs;
  // The same layers and weights, one more output: no copy of the weights (dispose only the original model).
  const withEveryH = tf.model({
    inputs: model.inputs,
    outputs: [probabilities, model.getLayer(LSTM_LAYER).output[0], nextH, nextC],
  });
  let h = tf.zeros([1, units]);
  let c = tf.zeros([1, units]);

  // Reads `ids` (an array of character ids) in one call, from the state the previous call left. Resolves to
  // {probabilities: Float32Array n × vocabularySize (row t: P(next | up to character t)), h: Float32Array
  // n × units (row t: h after character t), c: Float32Array units (c after the last character)}.
  async function read(ids) {
    const n = ids.length;
    const [flat, newH, newC] = tf.tidy(() => {
      const x = tf.tensor2d([ids], [1, n], "int32");
      const [p, everyH, lastH, lastC] = withEveryH.predict([x, h, c]);
      // One tensor and so one read per call: every download from a backend has a fixed cost. (tf's functions, not
      // tensor methods: the site's TF.js bundle leaves the chained ops out.)
      const joined = tf.concat(
        [
          tf.reshape(p, [n, vocabularySize]),
          tf.reshape(everyH, [n, units]),
          tf.pad(lastC, [
            [0, n - 1],
            [0, 0],
          ]),
        ],
        1,
      );
      return [joined, lastH, lastC];
    });
    h.dispose();
    c.dispose();
    [h, c] = [newH, newC];
    const values = await flat.data();
    flat.dispose();
    const width = vocabularySize + 2 * units;
    const probabilitiesOut = new Float32Array(n * vocabularySize);
    const hOut = new Float32Array(n * units);
    for (let t = 0; t < n; t++) {
      probabilitiesOut.set(values.subarray(t * width, t * width + vocabularySize), t * vocabularySize);
      hOut.set(values.subarray(t * width + vocabularySize, t * width + vocabularySize + units), t * units);
    }
    const cOut = values.slice(vocabularySize + units, vocabularySize + 2 * units);
    return { probabilities: probabilitiesOut, h: hOut, c: cOut };
  }

  // Back to the zero state, as for a new text.
  function reset() {
    h.dispose();
    c.dispose();
    h = tf.zeros([1, units]);
    c = tf.zeros([1, units]);
  }

  // Frees the state; the model's weights belong to the cached model and are never disposed here.
  function dispose() {
    h.dispose();
    c.dispose();
  }

  return { units, vocabularySize, read, reset, dispose };
}
