// The ML of "Gradients through time" (TF.js only, no DOM): real TF.js recurrent layers with the weights Python
// used (data/gradients-through-time.json, written by scripts/save_gradients_through_time.py), and tf.grad of the
// loss with respect to the input sequence, the backward pass that backpropagation through time runs.

// Keras 2 (tf_keras) gates with the logistic sigmoid; TF.js defaults to its cheaper "hardSigmoid", which would
// give other numbers than Python. GRU: TF.js has only Keras' reset_after=False variant, the one Python built.
const LAYERS = {
  simple_rnn: (tf, units) => tf.layers.simpleRNN({ units, activation: "tanh" }),
  gru: (tf, units) => tf.layers.gru({ units, activation: "tanh", recurrentActivation: "sigmoid", resetAfter: false }),
  lstm: (tf, units) => tf.layers.lstm({ units, activation: "tanh", recurrentActivation: "sigmoid" }),
};

export const CELL_KINDS = Object.keys(LAYERS);

// Nested JSON lists -> {values: Float32Array, shape}. Each number is the shortest decimal of a float32, so the
// Float32Array holds exactly Python's float32 weights and inputs.
function tensorData(nested) {
  const shape = [];
  for (let level = nested; Array.isArray(level); level = level[0]) shape.push(level.length);
  return { values: Float32Array.from(nested.flat(Infinity)), shape };
}

// The demo's data file, as typed arrays: {steps, units, features, inputs, cells: {kind: {gates, kernel, ...}}}.
export function parseDemoData(json) {
  const cells = {};
  for (const kind of CELL_KINDS) {
    const cell = json.cells[kind];
    cells[kind] = {
      gates: cell.gates,
      kernel: tensorData(cell.kernel),
      recurrentKernel: tensorData(cell.recurrent_kernel),
      bias: tensorData(cell.bias),
    };
  }
  return {
    steps: json.steps,
    units: json.units,
    features: json.input_features,
    inputs: tensorData(json.inputs),
    cells,
    reference: parseReference(json.float64_reference),
  };
}

// The page's float64 measurement of the scaled SimpleRNN (ratio k = T−1 over k = 0, and how far moving every input
// by one float32 rounding step moves it), for the demo to show beside its own float32 ratio. Null if absent.
function parseReference(json) {
  if (!json) return null;
  return {
    cell: json.cell,
    steps: json.steps,
    scales: json.scales.map((row) => ({
      scale: row.recurrent_scale,
      ratio: row.ratio_last_over_k0,
      roundingMin: row.rounding_min,
      roundingMax: row.rounding_max,
    })),
  };
}

// The bias vector with the LSTM's forget-gate block set to `forgetBias`. Keras and TF.js store the LSTM's four
// gates side by side, [input, forget, cell, output], each `units` wide: the forget gate is bias[units..2·units).
export function biasWithForget(cell, units, forgetBias) {
  const values = Float32Array.from(cell.bias.values);
  const forget = cell.gates.indexOf("forget");
  if (forgetBias !== null) values.fill(forgetBias, forget * units, (forget + 1) * units);
  return values;
}

// One TF.js layer per cell kind, built once and given Python's weights. `forgetBias` (LSTM only) overwrites the
// forget-gate slice of the bias, and `recurrentScale` multiplies the recurrent kernel, before each computation. Call dispose() to free the layers' variables.
export function createCells(tf, data) {
  const layers = {};
  for (const kind of CELL_KINDS) {
    const layer = LAYERS[kind](tf, data.units);
    // TF.js creates a layer's variables on its first call: one step of zeros builds it (and counts it as used,
    // so layer.dispose() can free them later).
    // (A block, not an expression: tidy keeps whatever its function returns, and this output is not wanted.)
    tf.tidy(() => {
      layer.apply(tf.zeros([1, 1, data.features]));
    });
    layers[kind] = layer;
  }

  // `recurrentScale` multiplies the whole recurrent kernel (every gate's block), as Python's build_layer does:
  // the scale rounded to float32 (Math.fround), each product rounded to float32 by the Float32Array, which is
  // exactly NumPy's float32 multiplication.
  function setWeights(kind, forgetBias, recurrentScale) {
    const cell = data.cells[kind];
    const scale = Math.fround(recurrentScale);
    const recurrentKernel = cell.recurrentKernel.values.map((value) => value * scale);
    // The tensors made here are freed by tidy; the layer's variables keep their own reference to the values.
    tf.tidy(() =>
      layers[kind].setWeights([
        tf.tensor(cell.kernel.values, cell.kernel.shape),
        tf.tensor(recurrentKernel, cell.recurrentKernel.shape),
        tf.tensor(biasWithForget(cell, data.units, kind === "lstm" ? forgetBias : null), cell.bias.shape),
      ]),
    );
  }

  // The norm of ∂loss/∂x_{T−k} for k = 0 … T−1 (index k = k steps before the last input), as a Float64Array.
  // loss = sum of the layer's output at the last step (return_sequences is off), as in Python.
  async function gradientNorms({ kind, steps, forgetBias, recurrentScale }) {
    setWeights(kind, forgetBias, recurrentScale);
    const gradient = tf.tidy(() => {
      const [, features] = data.inputs.shape;
      // The first T steps of the shipped sequence: the same numbers as Python's inputs(T).
      const x = tf.tensor3d(data.inputs.values.subarray(0, steps * features), [1, steps, features]);
      const loss = (input) => tf.sum(layers[kind].apply(input));
      // tf.grad runs the layer forward, then backward through every unrolled step: one gradient per input.
      return tf.grad(loss)(x).squeeze([0]); // [T, features], float32
    });
    let values;
    try {
      values = await gradient.data(); // waits for the backend (WebGL runs asynchronously) and copies the result out
    } finally {
      gradient.dispose();
    }
    // The norms in float64, as Python computes them: squaring a float32 gradient of 1e-20 would underflow to 0,
    // so a norm is 0 here only where every entry of the gradient is exactly 0.
    const features = values.length / steps;
    const norms = new Float64Array(steps);
    for (let t = 0; t < steps; t += 1) {
      const row = values.subarray(t * features, (t + 1) * features);
      norms[steps - 1 - t] = Math.hypot(...row);
    }
    return norms;
  }

  return {
    gradientNorms,
    dispose() {
      for (const layer of Object.values(layers)) layer.dispose();
    },
  };
}

// What a chart and a reader want to know about one curve of norms.
export function summarise(norms) {
  const first = norms[0];
  const last = norms[norms.length - 1];
  const zeroFrom = norms.findIndex((n) => n === 0);
  // Underflow usually leaves one tail of zeros far back; counted rather than assumed, so the text stays true.
  const zeros = norms.reduce((count, n) => count + (n === 0 ? 1 : 0), 0);
  const positive = Array.from(norms).filter((n) => n > 0);
  return {
    first,
    last,
    ratio: first > 0 ? last / first : NaN,
    zeroFrom: zeroFrom === -1 ? null : zeroFrom,
    zeros,
    smallest: positive.length ? Math.min(...positive) : null,
    largest: positive.length ? Math.max(...positive) : null,
    largestAt: positive.length ? Array.from(norms).indexOf(Math.max(...positive)) : null, // the first such k
  };
}
