// The machine-learning half of the draw-a-digit demo: run the CNN on a 28×28 image and return what every
// convolution and pooling layer computed, plus the arithmetic behind any single output value.
// Nothing here touches the page (that is view.js, arithmetic-view.js and layer-explorer.js).

export const SHOWN_LAYER_TYPES = new Set(["Conv2D", "MaxPooling2D"]);

// A layer's weights as plain arrays, read once: explaining one output value then needs no tensors at all.
async function readConvWeights(layer) {
  const [kernel, bias] = layer.getWeights(); // the layer's own variables: nothing new to dispose
  const [kernelHeight, kernelWidth, channelsIn, channelsOut] = kernel.shape;
  return {
    kernel: await kernel.data(), // row-major (kh, kw, in, out), the layout Keras uses
    bias: bias ? await bias.data() : new Float32Array(channelsOut),
    kernelHeight,
    kernelWidth,
    channelsIn,
    channelsOut,
  };
}

// Keras' "same" padding puts the smaller half of the padding before the first row or column.
function paddingBefore(config, inputSize, kernelSize, stride) {
  if (config.padding !== "same") return 0;
  const outputSize = Math.ceil(inputSize / stride);
  const total = Math.max((outputSize - 1) * stride + kernelSize - inputSize, 0);
  return Math.floor(total / 2);
}

// Builds, once per loaded model, the model that returns every shown layer's output (and the input each of
// them read) in a single call, and caches the conv weights. `model` is the cached base model: the derived
// model shares its weights, so we never dispose the derived one (that would free the base model's weights).
export async function createExplainer(tf, model) {
  const shown = model.layers.filter((layer) => SHOWN_LAYER_TYPES.has(layer.getClassName()));
  const modelInput = model.inputs[0];
  const outputs = [];
  const indexOf = (symbolic) => {
    if (symbolic === modelInput) return -1; // the image itself: we already have it
    let index = outputs.indexOf(symbolic);
    if (index < 0) index = outputs.push(symbolic) - 1;
    return index;
  };
  const layers = [];
  for (const layer of shown) {
    const config = layer.getConfig();
    layers.push({
      name: layer.name,
      type: layer.getClassName(),
      config,
      activation: config.activation ?? "linear",
      outputIndex: indexOf(layer.output),
      inputIndex: indexOf(layer.input),
      shape: layer.output.shape.slice(1), // [height, width, channels]
      inputShape: layer.input.shape.slice(1),
      weights: layer.getClassName() === "Conv2D" ? await readConvWeights(layer) : null,
    });
  }
  const probsIndex = indexOf(model.outputs[0]);
  const activationModel = tf.model({ inputs: model.inputs, outputs });
  return { tf, model, activationModel, layers, probsIndex };
}

// Runs the CNN on one image (784 values 0..1) and returns plain arrays: the 10 probabilities and, for every
// shown layer, its output and its input (row-major height × width × channels). All tensors are disposed here.
export async function predictDigit(explainer, image) {
  const { tf, activationModel, layers, probsIndex } = explainer;
  const tensors = tf.tidy(() => {
    const input = tf.tensor4d(Float32Array.from(image), [1, 28, 28, 1]);
    const result = activationModel.predict(input);
    return Array.isArray(result) ? result : [result];
  });
  try {
    // data() waits for the GPU without blocking the page, unlike dataSync().
    const arrays = await Promise.all(tensors.map((tensor) => tensor.data()));
    const image32 = Float32Array.from(image);
    const pick = (index) => (index < 0 ? image32 : arrays[index]);
    return {
      probabilities: Array.from(arrays[probsIndex]),
      layers: layers.map((layer) => ({ layer, output: pick(layer.outputIndex), input: pick(layer.inputIndex) })),
    };
  } finally {
    tensors.forEach((tensor) => tensor.dispose());
  }
}

const ACTIVATIONS = {
  relu: (x) => Math.max(0, x),
  linear: (x) => x,
};

// The multiply-adds behind one value of a conv feature map, redone here in plain JavaScript (float64):
// for each input channel, the 3×3 patch of the previous layer times that channel's slice of the kernel,
// then the bias, then the activation. The result must equal the value TF.js put in the feature map.
export function explainConvValue(layerResult, row, col, channel) {
  const { layer, input } = layerResult;
  const { kernel, bias, kernelHeight, kernelWidth, channelsIn, channelsOut } = layer.weights;
  const [inHeight, inWidth] = layer.inputShape;
  const [strideY, strideX] = layer.config.strides;
  const top = row * strideY - paddingBefore(layer.config, inHeight, kernelHeight, strideY);
  const left = col * strideX - paddingBefore(layer.config, inWidth, kernelWidth, strideX);
  const slices = [];
  let preActivation = bias[channel];
  for (let c = 0; c < channelsIn; c++) {
    const patch = [];
    const weights = [];
    let sum = 0;
    for (let ky = 0; ky < kernelHeight; ky++) {
      for (let kx = 0; kx < kernelWidth; kx++) {
        const y = top + ky;
        const x = left + kx;
        // Outside the image the "same" padding supplies zeros.
        const value = y >= 0 && y < inHeight && x >= 0 && x < inWidth ? input[(y * inWidth + x) * channelsIn + c] : 0;
        const weight = kernel[((ky * kernelWidth + kx) * channelsIn + c) * channelsOut + channel];
        patch.push(value);
        weights.push(weight);
        sum += value * weight;
      }
    }
    slices.push({ channel: c, patch, weights, sum });
    preActivation += sum;
  }
  const activate = ACTIVATIONS[layer.activation];
  return {
    kind: "conv",
    slices,
    bias: bias[channel],
    preActivation,
    activation: activate ? layer.activation : null,
    value: activate ? activate(preActivation) : null,
    shown: outputValue(layerResult, row, col, channel),
    kernelHeight,
    kernelWidth,
  };
}

// The window behind one value of a max-pooling map: the largest of the inputs it covers.
export function explainPoolValue(layerResult, row, col, channel) {
  const { layer, input } = layerResult;
  const [poolY, poolX] = layer.config.poolSize;
  const [strideY, strideX] = layer.config.strides;
  const [inHeight, inWidth, channels] = layer.inputShape;
  const window = [];
  for (let dy = 0; dy < poolY; dy++) {
    for (let dx = 0; dx < poolX; dx++) {
      const y = row * strideY + dy;
      const x = col * strideX + dx;
      if (y < inHeight && x < inWidth) window.push(input[(y * inWidth + x) * channels + channel]);
    }
  }
  return {
    kind: "pool",
    window,
    poolY,
    poolX,
    value: Math.max(...window),
    shown: outputValue(layerResult, row, col, channel),
  };
}

export function outputValue({ layer, output }, row, col, channel) {
  const [, width, channels] = layer.shape;
  return output[(row * width + col) * channels + channel];
}

// Where a feature map responds most strongly: the output value a reader most likely wants explained.
export function strongestPosition(layerResult, channel) {
  const [height, width] = layerResult.layer.shape;
  let best = { row: 0, col: 0, value: -Infinity };
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      const value = outputValue(layerResult, row, col, channel);
      if (value > best.value) best = { row, col, value };
    }
  }
  return best;
}

// The shown layers as the model card lists them: enough to lay out their views at their final size while the
// model itself is still downloading.
export function layersFromCard(card) {
  return card.layers
    .filter((layer) => SHOWN_LAYER_TYPES.has(layer.type))
    .map((layer) => ({ name: layer.name, type: layer.type, shape: layer.output_shape }));
}

// One prediction on an empty image: the work the backend is chosen by (runtime.js settleBackend).
export async function probeDigit(explainer) {
  await predictDigit(explainer, new Float32Array(28 * 28));
}
