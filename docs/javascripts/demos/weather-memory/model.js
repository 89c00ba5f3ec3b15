// The machine learning of the "Weather memory" demo: the trained SimpleRNN's hidden state, step by step, and its
// forecast. Nothing here touches the page (view.js and arithmetic-view.js do).
//
// A SimpleRNN layer keeps a state h (one number per unit) and updates it once per day with the same weights:
//     h_t = tanh(W x_t + U h_{t−1} + b),   h_0 = 0
// where x_t is day t's standardised features, W (units × features) and U (units × units) weigh the input and the
// state before, b is the bias (units). Keras and TF.js store W and U transposed and compute on rows:
//     h_t = tanh(x_t · kernel + h_{t−1} · recurrentKernel + b),  kernel = Wᵀ (features × units), recurrentKernel = Uᵀ.
// The model returns only the last state, fed to a Dense layer with a sigmoid: P(wet tomorrow). To show every
// state we run the same update here with TF.js ops on the model's own weights.

const RNN_LAYER = "rnn";
const DENSE_LAYER = "wet_tomorrow";

// The cell's weights: the model's own variables (for the tf ops; never disposed here, the cached model owns
// them) and the same numbers as plain arrays (for the arithmetic redone in JavaScript).
export async function readCell(model) {
  const [kernel, recurrentKernel, bias] = model.getLayer(RNN_LAYER).getWeights();
  const [features, units] = kernel.shape;
  return {
    kernel,
    recurrentKernel,
    bias,
    features,
    units,
    W: await kernel.array(), // [feature][unit]
    U: await recurrentKernel.array(), // [unit before][unit after]
    b: await bias.array(),
    dense: model.getLayer(DENSE_LAYER), // the model's own last layer, for "what it would say after t days"
  };
}

// Every hidden state over the window: `states`, a Float32Array of steps × units, row t = h after reading day
// t + 1. Keras computes the same (SimpleRNN with return_sequences=True); tests/browser/test_weather_memory.py
// compares. And `readings`: the model's dense layer applied to each of those states, what it would say after
// reading only the first t + 1 days. The model itself applies it to the last state only; the last reading is its
// forecast (up to float32 rounding), the earlier ones are not forecasts the model makes.
export async function hiddenStates(tf, cell, window) {
  const steps = window.length / cell.features;
  const [states, readings] = tf.tidy(() => {
    const x = tf.tensor2d(window, [steps, cell.features]);
    let h = tf.zeros([1, cell.units]);
    const all = [];
    for (let t = 0; t < steps; t++) {
      const xt = tf.slice(x, [t, 0], [1, cell.features]); // tf's functions: the bundle has no chained ops
      // The order of Keras' SimpleRNNCell: (x·W + b) + h·U, then tanh.
      h = tf.tanh(tf.add(tf.add(tf.matMul(xt, cell.kernel), cell.bias), tf.matMul(h, cell.recurrentKernel)));
      all.push(h);
    }
    const every = tf.concat(all, 0);
    return [every, cell.dense.apply(every)];
  });
  try {
    const [stateValues, readingValues] = await Promise.all([states.data(), readings.data()]);
    return { states: stateValues, readings: readingValues };
  } finally {
    states.dispose();
    readings.dispose();
  }
}

// The real model's forecast for the window: P(wet tomorrow).
export async function wetProbability(tf, model, window, features) {
  const output = tf.tidy(() => model.predict(tf.tensor3d(window, [1, window.length / features, features])));
  try {
    return (await output.data())[0];
  } finally {
    output.dispose();
  }
}

// One step of the demo: every state and the forecast (also the work the backend is chosen by).
export async function forecast(tf, model, cell, window) {
  const [{ states, readings }, probability] = await Promise.all([
    hiddenStates(tf, cell, window),
    wetProbability(tf, model, window, cell.features),
  ]);
  return { states, readings, probability };
}

// Step t (0-based) redone in plain JavaScript from the weights, starting from TF.js's previous state, next to
// the state TF.js computed: every intermediate sum, for the arithmetic panel.
export function explainStep(cell, window, states, t) {
  const { W, U, b, features, units } = cell;
  const x = Array.from(window.slice(t * features, (t + 1) * features));
  const previous = t === 0 ? new Array(units).fill(0) : Array.from(states.slice((t - 1) * units, t * units));
  const rows = [];
  for (let j = 0; j < units; j++) {
    let wx = 0;
    for (let i = 0; i < features; i++) wx += x[i] * W[i][j];
    let uh = 0;
    for (let k = 0; k < units; k++) uh += previous[k] * U[k][j];
    const sum = wx + uh + b[j];
    const value = Math.tanh(sum);
    const shown = states[t * units + j];
    rows.push({ wx, uh, bias: b[j], sum, value, shown, difference: Math.abs(value - shown) });
  }
  return { x, previous, rows, maxDifference: Math.max(...rows.map((r) => r.difference)) };
}
