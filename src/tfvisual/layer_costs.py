"""What local connectivity and weight sharing save: three layers with the same output, counted by Keras.

All three map a 28 x 28 grey image to 16 feature maps of 28 x 28 (12,544 numbers):

* ``Dense``: every output looks at every one of the 784 pixels with its own weights (no locality, no sharing);
* ``LocallyConnected2D``: every output looks at the 3 x 3 pixels around it, with its own weights (locality);
* ``Conv2D``: every output looks at the 3 x 3 pixels around it, and all the positions of a map share one
  3 x 3 kernel (locality and weight sharing).

Parameters are counted by Keras (``count_params``); multiply-adds per image are the number of times a weight
multiplies an input, computed from the shapes Keras gives the weights.
"""

import os

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")

import numpy as np  # noqa: E402
import tf_keras as keras  # noqa: E402

IMAGE_SIZE = 28
FILTERS = 16
KERNEL = 3


# --8<-- [start:layers]
def three_layers(size: int = IMAGE_SIZE, filters: int = FILTERS, kernel: int = KERNEL) -> dict:
    """Three ways to turn a size x size image into `filters` maps of size x size, built on a real input."""
    image = keras.Input(shape=(size, size, 1))
    dense = keras.layers.Dense(size * size * filters)
    # implementation=3 stores only the weights that exist (a sparse kernel), so Keras counts them honestly.
    local = keras.layers.LocallyConnected2D(filters, kernel, padding="same", implementation=3)
    conv = keras.layers.Conv2D(filters, kernel, padding="same")
    dense(keras.layers.Flatten()(image))  # calling a layer on an input builds its weights
    local(image)
    conv(image)
    return {"dense": dense, "locally_connected": local, "conv": conv}


# --8<-- [end:layers]


def multiply_adds(layer, size: int = IMAGE_SIZE) -> int:
    """How many weight x input multiplications one image costs."""
    kernel = layer.weights[0]
    if isinstance(layer, keras.layers.Conv2D):
        # The one kernel (kh, kw, in, out) is applied at every one of the size x size positions.
        return int(np.prod(kernel.shape)) * size * size
    # Dense and locally connected layers use each of their weights exactly once per image.
    return int(np.prod(kernel.shape))


def layer_costs(size: int = IMAGE_SIZE, filters: int = FILTERS, kernel: int = KERNEL) -> dict:
    layers = three_layers(size, filters, kernel)
    rows = {}
    for name, layer in layers.items():
        weights = int(np.prod(layer.weights[0].shape))
        macs = multiply_adds(layer, size)
        rows[name] = {
            "keras_class": type(layer).__name__,
            "parameters": int(layer.count_params()),
            "weights": weights,
            "biases": int(layer.count_params()) - weights,
            "multiply_adds": macs,
            # How many times each weight is used per image: 1 without sharing, size x size with it.
            "uses_per_weight": macs / weights,
            "output_shape": [int(d) for d in layer.output.shape[1:]],
        }
    return {
        "input_shape": [size, size, 1],
        "outputs": size * size * filters,
        "filters": filters,
        "kernel": kernel,
        "layers": rows,
        "ratios": {
            # Dense -> locally connected changes one thing, locality: what locality alone saves.
            "dense_over_local_multiply_adds": rows["dense"]["multiply_adds"]
            / rows["locally_connected"]["multiply_adds"],
            "dense_over_local_parameters": rows["dense"]["parameters"] / rows["locally_connected"]["parameters"],
            # Locally connected -> conv changes one thing, weight sharing: what sharing alone saves.
            "local_over_conv_parameters": rows["locally_connected"]["parameters"] / rows["conv"]["parameters"],
            # Both at once.
            "dense_over_conv_parameters": rows["dense"]["parameters"] / rows["conv"]["parameters"],
            "dense_over_conv_multiply_adds": rows["dense"]["multiply_adds"] / rows["conv"]["multiply_adds"],
        },
    }
