"""Build docs/notebooks/kernels-and-convolution.ipynb from the cells below, execute it and store its outputs.

This file is the notebook's only hand-edited source. Run it after changing a cell (about half a minute):

    .venv/bin/python scripts/build_kernels_notebook.py

The site shows the stored outputs (mkdocs-jupyter does not execute notebooks); tests/unit/test_notebooks.py
executes the notebook again, and its cells' asserts fail the test if NumPy and TensorFlow ever disagree.
"""

from tfvisual import notebooks
from tfvisual.paths import REPO_ROOT

NOTEBOOK = REPO_ROOT / "docs" / "notebooks" / "kernels-and-convolution.ipynb"

CELLS = [
    (
        "markdown",
        """
# Kernels and convolution: NumPy vs TensorFlow

You have met kernels on the [image kernels page](../../kernels/image-kernels/) — box blur, Sobel, emboss — and
edited them in the [kernel playground](../../kernels/playground/): a small grid of weights, laid over every
position of an image, multiplying the values under it and adding the products up. A convolutional layer does
the same with kernels it learns. This notebook applies those kernels with NumPy and SciPy, then with
TensorFlow, and checks with `assert`s that they agree. They do not agree at first, and the reason is worth
knowing:

> **A naming trap.** TensorFlow's "convolution" ops (`tf.nn.conv1d`, `tf.nn.conv2d`, Keras' `Conv2D`)
> compute **cross-correlation**: the kernel is laid over the input as written. A true convolution, as
> `np.convolve` and `scipy.signal.convolve2d` compute it, **flips** the kernel first (in 2-D: a 180° turn).
> PyTorch's and JAX's convolution layers do the same as TensorFlow, so "a CNN computes convolutions" is,
> strictly, wrong.

The kernels used here come from `src/tfvisual/kernels.py`, the same definitions the
[image kernels page](../../kernels/image-kernels/) and the [playground](../../kernels/playground/) use.
""",
    ),
    (
        "code",
        """
import os

# TensorFlow's C++ runtime logs its start-up (CUDA probing, CPU features) to stderr; 3 keeps only errors.
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"

import matplotlib.pyplot as plt
import numpy as np
import scipy.signal
import tensorflow as tf
from numpy.testing import assert_allclose

from tfvisual.data.photos import load_photo
from tfvisual.kernels import KERNELS

np.set_printoptions(precision=3, suppress=True)
plt.rcParams["figure.dpi"] = 72
print("TensorFlow", tf.__version__, "| NumPy", np.__version__, "| SciPy", scipy.__version__)
""",
    ),
    (
        "markdown",
        """
## 1-D: one signal, one kernel

A short signal and an **asymmetric** kernel, `[1, 0, -1]`, so that flipping it makes a difference.
`np.convolve` defaults to `mode="full"`: every position where kernel and signal overlap at all, so the output
is `len(signal) + len(kernel) - 1` long.
""",
    ),
    (
        "code",
        """
signal = np.array([0, 1, 2, 3, 2, 1, 0, 0], dtype=np.float32)
kernel = np.array([1, 0, -1], dtype=np.float32)
print("np.convolve, full: ", np.convolve(signal, kernel))
""",
    ),
    (
        "markdown",
        """
TensorFlow has no single-signal op: `tf.nn.conv1d` takes a **batch** of signals with **channels**,
shaped `[batch, width, channels]`, and a kernel shaped `[width, in_channels, out_channels]`. One signal
with one channel is batch 1, channel 1; one kernel is 1 input channel to 1 output channel.
""",
    ),
    (
        "code",
        """
def tf_conv1d(signal, kernel, padding="VALID", stride=1):
    x = tf.constant(signal)[tf.newaxis, :, tf.newaxis]  # [batch=1, width, channels=1]
    k = tf.constant(kernel)[:, tf.newaxis, tf.newaxis]  # [width, in=1, out=1]
    return tf.nn.conv1d(x, k, stride=stride, padding=padding)[0, :, 0].numpy()


numpy_valid = np.convolve(signal, kernel, mode="valid")
tensorflow_valid = tf_conv1d(signal, kernel, padding="VALID")
print("np.convolve, valid:", numpy_valid)
print("tf.nn.conv1d, VALID:", tensorflow_valid)
assert not np.allclose(numpy_valid, tensorflow_valid)  # they disagree...
assert_allclose(tensorflow_valid, -numpy_valid)  # ...by the sign, for this kernel
""",
    ),
    (
        "markdown",
        """
Same signal, same kernel, opposite signs. At output position `i` of the `valid` output, with a kernel of
length `k`:

* `np.convolve` computes `sum(signal[i + j] * kernel[k - 1 - j])`: the kernel runs **backwards** (flipped);
* `tf.nn.conv1d` computes `sum(signal[i + j] * kernel[j])`: the kernel as written. That is
  cross-correlation, which NumPy calls `np.correlate`.

Flip the kernel and they agree exactly:
""",
    ),
    (
        "code",
        """
assert_allclose(tf_conv1d(signal, kernel[::-1]), np.convolve(signal, kernel, mode="valid"))
assert_allclose(tf_conv1d(signal, kernel), np.correlate(signal, kernel, mode="valid"))
print("tf.nn.conv1d(kernel flipped) == np.convolve(kernel)")
print("tf.nn.conv1d(kernel)         == np.correlate(kernel)")
""",
    ),
    (
        "markdown",
        """
**Does the flip matter?** Not for a network that *learns* its kernels: training finds whatever weights
minimise the loss, and if the ideal filter is some convolution kernel, the network learns its flipped copy —
the same numbers in the other order. It does matter when you **port a hand-made kernel**. A symmetric kernel
(box blur, Gaussian, Laplacian) is its own flip, but a Sobel kernel flipped is its own negative, and a flipped
emboss kernel lights the picture from the opposite side. So look at how the kernel's source applies it. A
kernel written for a true convolution — for `scipy.signal.convolve2d` or `scipy.ndimage.convolve`, or in a text
that writes out the convolution sum — must be flipped before it goes into `tf.nn.conv2d`, or an asymmetric one
computes its mirror image: edges with the wrong sign, light from the wrong side. A kernel written for a
correlation goes in as it is: OpenCV's `cv2.filter2D`, for one, computes a correlation (its documentation says
so), and so do the kernels on this site's image kernels page.

## Padding modes and what they map to

NumPy has three modes; TensorFlow has two paddings (`tf.nn.conv2d` also takes explicit pad amounts, and any
op can be given an input padded with `np.pad` or `tf.pad`). For a signal of length `n`, a kernel of length
`k`, stride 1:

| NumPy `mode` | output length | TensorFlow |
| --- | --- | --- |
| `"full"` | `n + k - 1` | pad `k - 1` zeros on each side yourself, then `"VALID"` |
| `"same"` | `n` (when `n >= k`) | `"SAME"`: `k - 1` zeros in total, split between the two sides |
| `"valid"` | `n - k + 1` | `"VALID"`: no padding, only positions where the kernel fits |

To get NumPy's numbers, TensorFlow is also given the flipped kernel, as above:
""",
    ),
    (
        "code",
        """
k = len(kernel)
full_in_tf = tf_conv1d(np.pad(signal, k - 1), kernel[::-1], padding="VALID")
assert_allclose(full_in_tf, np.convolve(signal, kernel, mode="full"))
assert_allclose(tf_conv1d(signal, kernel[::-1], padding="SAME"), np.convolve(signal, kernel, mode="same"))
print("full :", full_in_tf)
print("SAME :", tf_conv1d(signal, kernel[::-1], padding="SAME"))
""",
    ),
    (
        "markdown",
        """
With an **even** kernel length the `k - 1` padding zeros cannot be split evenly, and the two libraries put the
extra zero on different sides: TensorFlow's `SAME` puts it at the **end**, NumPy's `same` effectively at the
start. The outputs are then shifted by one position against each other:
""",
    ),
    (
        "code",
        """
even = np.array([1, 2, 3, 4], dtype=np.float32)
numpy_same = np.convolve(signal, even, mode="same")
tf_same = tf_conv1d(signal, even[::-1], padding="SAME")
print("np.convolve same:", numpy_same)
print("tf SAME (flipped):", tf_same)
assert not np.allclose(numpy_same, tf_same)
assert_allclose(tf_same[:-1], numpy_same[1:])  # the same numbers, one position apart
""",
    ),
    (
        "markdown",
        """
## Stride

A stride of `s` moves the kernel `s` positions at a time, so the output is about `s` times shorter. NumPy has
no stride; with `VALID` padding it is the same as computing every position and keeping every `s`-th:
""",
    ),
    (
        "code",
        """
assert_allclose(tf_conv1d(signal, kernel, "VALID", stride=2), tf_conv1d(signal, kernel, "VALID")[::2])
print("VALID, stride 2:", tf_conv1d(signal, kernel, "VALID", stride=2))
""",
    ),
    (
        "markdown",
        """
With `SAME` padding, the common explanation — "the output has the same size as the input" — holds only for
stride 1. With stride `s` the output has `ceil(n / s)` positions, and TensorFlow pads only as much as those
positions need, putting any odd zero at the end. The cell prints how many zeros that is, on each side, for
our signal: fewer than stride 1 uses, so the windows are not the ones stride 1 would pick:
""",
    ),
    (
        "code",
        """
s = 2
strided = tf_conv1d(signal, kernel, "SAME", stride=s)
every_second = tf_conv1d(signal, kernel, "SAME", stride=1)[::s]
assert len(strided) == int(np.ceil(len(signal) / s))
# What TensorFlow really does: pad (out - 1) * s + k - n zeros, the larger half at the end.
total = max((len(strided) - 1) * s + k - len(signal), 0)
before, after = total // 2, total - total // 2
print(f"zeros padded, stride {s}: {before} before, {after} after")
print(f"zeros padded, stride 1: {(k - 1) // 2} before, {k - 1 - (k - 1) // 2} after")
print("SAME, stride 2:             ", strided)
print("SAME, stride 1, every second:", every_second)
assert not np.allclose(strided, every_second)
assert_allclose(strided, np.correlate(np.pad(signal, (before, after)), kernel, mode="valid")[::s])
""",
    ),
    (
        "markdown",
        """
## 2-D: a photo

In two dimensions the story is the same. Here is the Sobel x kernel (as TensorFlow applies it, positive where
brightness rises from left to right) applied to a real photo three ways: `scipy.signal.correlate2d`,
`scipy.signal.convolve2d` and `tf.nn.conv2d`. All use zero padding to keep the size (`mode="same"` /
`padding="SAME"`).

`tf.nn.conv2d` wants the input as **NHWC** — a batch of `N` images, `H` rows, `W` columns, `C` channels — and
the kernel as **HWIO**: height, width, input channels, output channels.
""",
    ),
    (
        "code",
        """
photo = load_photo("camera", max_side=128)[..., 0].astype(np.float32) / 255  # H×W, greyscale 0..1
sobel_x = KERNELS["sobel-x"].weights
print("Sobel x, as TensorFlow applies it:\\n", sobel_x)

correlated = scipy.signal.correlate2d(photo, sobel_x, mode="same")
convolved = scipy.signal.convolve2d(photo, sobel_x, mode="same")
nhwc = photo[np.newaxis, :, :, np.newaxis]  # [1, H, W, 1]
hwio = sobel_x[:, :, np.newaxis, np.newaxis]  # [3, 3, 1, 1]
tensorflow_out = tf.nn.conv2d(nhwc, hwio, strides=1, padding="SAME")[0, :, :, 0].numpy()
print("input", nhwc.shape, "kernel", hwio.shape, "-> output", tensorflow_out.shape)

assert_allclose(tensorflow_out, correlated, atol=1e-5)
assert_allclose(tensorflow_out, -convolved, atol=1e-5)  # Sobel flipped is minus Sobel
""",
    ),
    (
        "code",
        """
def show(images, titles, signed):
    \"\"\"Side by side; `signed` images get a diverging map (red positive, blue negative) centred on 0.\"\"\"
    figure, axes = plt.subplots(1, len(images), figsize=(3 * len(images), 3.2))
    for axis, image, title, is_signed in zip(axes, images, titles, signed):
        limit = np.abs(image).max()
        if is_signed:
            axis.imshow(image, cmap="RdBu_r", vmin=-limit, vmax=limit)
        else:
            axis.imshow(image, cmap="gray", vmin=0, vmax=1)
        axis.set_title(title, fontsize=10)
        axis.axis("off")
    plt.show()


show(
    [photo, tensorflow_out, convolved],
    ["photo", "tf.nn.conv2d (correlation)", "convolve2d: signs flipped"],
    signed=[False, True, True],
)
""",
    ),
    (
        "markdown",
        """
The middle and right images are each other's negative (red is positive, blue negative): the same hand-made
kernel, two meanings. The emboss kernel is the identity (1 in the middle) plus a diagonal difference, and a
180° turn keeps the first and negates the second: `convolve2d` computes twice the photo minus what
`tf.nn.conv2d` computes, the same relief lit from the opposite side:
""",
    ),
    (
        "code",
        """
emboss = KERNELS["emboss"].weights
as_tensorflow_applies_it = tf.nn.conv2d(nhwc, emboss[:, :, None, None], 1, "SAME")[0, :, :, 0].numpy()
as_convolve2d_applies_it = scipy.signal.convolve2d(photo, emboss, mode="same")
assert_allclose(as_convolve2d_applies_it, scipy.signal.correlate2d(photo, emboss[::-1, ::-1], mode="same"), atol=1e-6)
assert_allclose(as_convolve2d_applies_it, 2 * photo - as_tensorflow_applies_it, atol=1e-5)
show(
    [np.clip(as_tensorflow_applies_it, 0, 1), np.clip(as_convolve2d_applies_it, 0, 1)],
    ["emboss in tf.nn.conv2d", "emboss in convolve2d"],
    signed=[False, False],
)
""",
    ),
    (
        "markdown",
        """
## Batches and channels: what a conv layer really computes

A colour photo has `C = 3` channels. A conv layer's kernel has a slice for **every input channel** and
produces each output channel as the **sum over all input channels** — it does not filter red, green and
blue separately (that is a *depthwise* convolution, `tf.nn.depthwise_conv2d`, a different op). So a layer
from 3 channels to 3 channels with 3×3 kernels has a `[3, 3, 3, 3]` kernel, 3 · 3 · 3 · 3 weights, plus one
bias per output channel.

Below, one hand-built kernel maps RGB to three outputs: the brightness blurred (every channel, every
position, weight 1/27), Sobel x on the green channel only, and red minus blue at each pixel. TensorFlow computes
it for the whole batch of two photos in one call. SciPy's `correlate2d` takes one 2-D array at a time, so the
check needs a loop over images and channels (NumPy itself can do it in one call too, as the next section shows).
""",
    ),
    (
        "code",
        """
# The astronaut is square and the coffee photo wider than tall: cropped to one size, they stack into a batch.
photos = np.stack([load_photo(name, 96)[:64, :96] for name in ("astronaut", "coffee")]).astype(np.float32) / 255
print("batch NHWC:", photos.shape)

rgb_kernel = np.zeros((3, 3, 3, 3), np.float32)  # [height, width, in = R,G,B, out]
rgb_kernel[:, :, :, 0] = 1 / 27  # out 0: mean of all 27 values under the kernel
rgb_kernel[:, :, 1, 1] = sobel_x  # out 1: Sobel x of green
rgb_kernel[1, 1, 0, 2], rgb_kernel[1, 1, 2, 2] = 1, -1  # out 2: red minus blue, at the centre only

outputs = tf.nn.conv2d(photos, rgb_kernel, strides=1, padding="SAME").numpy()
print("kernel HWIO:", rgb_kernel.shape, f"({rgb_kernel.size} weights) -> output:", outputs.shape)

# The same with SciPy: for each image and output channel, correlate every input channel and add them up.
for n in range(len(photos)):
    for out in range(3):
        expected = sum(
            scipy.signal.correlate2d(photos[n, :, :, c], rgb_kernel[:, :, c, out], mode="same") for c in range(3)
        )
        assert_allclose(outputs[n, :, :, out], expected, atol=1e-5)
print("tf.nn.conv2d == sum over input channels of correlate2d, for every image and output channel")
""",
    ),
    (
        "code",
        """
figure, axes = plt.subplots(1, 4, figsize=(12, 2.4))
axes[0].imshow(photos[1])
axes[0].set_title("input (RGB)", fontsize=10)
for i, title in enumerate(["out 0: blur", "out 1: Sobel x of green", "out 2: red minus blue"]):
    channel = outputs[1, :, :, i]
    if i == 0:
        axes[i + 1].imshow(channel, cmap="gray")
    else:  # signed: blue negative, red positive
        axes[i + 1].imshow(channel, cmap="RdBu_r", vmin=-np.abs(channel).max(), vmax=np.abs(channel).max())
    axes[i + 1].set_title(title, fontsize=10)
for axis in axes:
    axis.axis("off")
plt.show()
""",
    ),
    (
        "markdown",
        """
## Why NumPy alone is not enough for deep learning

Not for lack of batching. `conv2d_numpy`, the NumPy side of the race on the
[Why a C++ backend?](../../basics/why-cpp/) page, filters a whole batch, every input channel into every output
channel, in one call: `sliding_window_view` lists every 3×3 window and `einsum` multiplies them with the
kernel and adds up. It computes only the positions where the kernel fits (`"VALID"`), so the photos get one
row and column of zeros on each side first, which is what `"SAME"` does:
""",
    ),
    (
        "code",
        """
import tracemalloc

from tfvisual.benchmarks.why_cpp import conv2d_numpy

padded = np.pad(photos, ((0, 0), (1, 1), (1, 1), (0, 0)))  # zeros around each photo, not across the batch
tracemalloc.start()
numpy_outputs = conv2d_numpy(padded, rgb_kernel)
peak_bytes = tracemalloc.get_traced_memory()[1]
tracemalloc.stop()
assert_allclose(numpy_outputs, outputs, atol=1e-5)
print("conv2d_numpy == tf.nn.conv2d: whole batch, all channels, one call")

windows = np.lib.stride_tricks.sliding_window_view(padded, (3, 3), axis=(1, 2))
assert np.shares_memory(windows, padded)  # the view copies nothing...
window_bytes = windows.size * windows.itemsize
assert peak_bytes >= window_bytes  # ...but einsum copied every window out
print(f"photos:                       {padded.nbytes:>10,} bytes")
print(f"all windows, copied out:      {window_bytes:>10,} bytes ({window_bytes / padded.nbytes:.1f}× the photos)")
print(f"conv2d_numpy's peak memory:   {peak_bytes:>10,} bytes (that copy plus {numpy_outputs.nbytes:,} of output)")
""",
    ),
    (
        "markdown",
        """
The window view itself costs nothing: it shares the photos' memory and only revisits each pixel 9 times. But
`einsum` reads every element of every window, and to hand the work to a fast matrix multiply it first copies all
the windows into one contiguous array — the printed peak — nearly 9 times the photos for a 3×3 kernel. So NumPy
can batch; what it does not give you for deep learning is:

1. **Devices**: the same `tf.nn.conv2d` call runs on a GPU or TPU when there is one. NumPy runs on the CPU.
2. **Gradients**: to *learn* a kernel we need the derivative of a loss with respect to every weight.
   `tf.GradientTape` records the ops and computes it.
3. **Fused kernels**: NumPy runs one operation at a time and writes each result to memory in full — above, the
   copied windows, then the output; a layer's bias and ReLU would be two more passes over it. TensorFlow has
   convolution kernels that never hold every window at once, and can run a whole layer — convolution, bias and
   activation — as one fused kernel (with oneDNN on CPUs, cuDNN on GPUs, or compiled by XLA).
""",
    ),
    (
        "code",
        """
print(tf.config.list_physical_devices())
""",
    ),
    (
        "markdown",
        """
A kernel is hidden from us — Sobel x — and we only see what it does: input images and the outputs it makes.
Can gradient descent find the kernel? We start from all zeros, measure the mean squared error between our
kernel's outputs and the true ones, and ask the tape for its gradient.

The inputs are random noise, not photos, on purpose: noise contains every pattern in equal measure, so every
weight gets an equally strong signal. In a photo neighbouring pixels are nearly equal, so some combinations
of weights barely change the output and gradient descent crawls along them.
""",
    ),
    (
        "code",
        """
rng = np.random.default_rng(0)
inputs = rng.standard_normal((8, 32, 32, 1), dtype=np.float32)  # 8 noise images
hidden = KERNELS["sobel-x"].weights[:, :, np.newaxis, np.newaxis]
targets = tf.nn.conv2d(inputs, hidden, strides=1, padding="VALID")  # what we observe

kernel = tf.Variable(tf.zeros([3, 3, 1, 1]))


def loss_and_gradient():
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean((tf.nn.conv2d(inputs, kernel, strides=1, padding="VALID") - targets) ** 2)
    return loss, tape.gradient(loss, kernel)


loss, gradient = loss_and_gradient()
print("loss at zero:", float(loss))
print("gradient (3×3):\\n", gradient.numpy()[:, :, 0, 0])
""",
    ),
    (
        "markdown",
        """
The tape's answer is no black box. With error `e = output - target` over all `M` output values (every image,
every position), the loss is `mean(e²)`, and weight `(i, j)` touches input pixel `(y + i, x + j)` for output
`(y, x)`, so `d loss / d kernel[i, j] = 2 / M · sum(e[y, x] · input[y + i, x + j])`, summed over the images
and output positions — itself a cross-correlation, of the input with the error. NumPy agrees:
""",
    ),
    (
        "code",
        """
error = (tf.nn.conv2d(inputs, kernel, 1, "VALID") - targets).numpy()[..., 0]  # [8, 30, 30]
out_h, out_w = error.shape[1:]
by_hand = np.array(
    [[np.sum(error * inputs[:, i : i + out_h, j : j + out_w, 0]) * 2 / error.size for j in range(3)] for i in range(3)]
)
assert_allclose(gradient.numpy()[:, :, 0, 0], by_hand, rtol=1e-4, atol=1e-6)
print("GradientTape == the formula, for all 9 weights")
""",
    ),
    (
        "markdown",
        """
The numbers printed above are no accident either. Our kernel starts at zero, so the error is minus the target.
The noise pixels are independent with variance 1, so a target pixel, a weighted sum of 9 of them, has variance
`sum(w²)` of the hidden weights `w`: that is the loss at zero. In the gradient for weight `(i, j)`, the average
of target × the input pixel under that weight, only the target's term `w[i, j] · input` is correlated with
that pixel, so the average is about `w[i, j]`, and the first gradient is about `-2 ×` the hidden kernel.
""",
    ),
    (
        "code",
        """
print("sum of the hidden weights squared:", np.sum(hidden**2))
assert_allclose(float(loss), np.sum(hidden**2), rtol=0.05)
assert_allclose(gradient.numpy(), -2 * hidden, atol=0.25)
""",
    ),
    (
        "markdown",
        """
So gradient descent, which steps against the gradient, heads straight for the hidden kernel. For noise the
loss is the same bowl in every direction, so each step moves every weight the same share, `2 × learning rate`,
of its remaining distance to the hidden value. Plain gradient descent, written out:
""",
    ),
    (
        "code",
        """
learning_rate = 0.1
steps = 60
losses = []
for step in range(steps):
    loss, gradient = loss_and_gradient()
    losses.append(float(loss))
    kernel.assign_sub(learning_rate * gradient)

recovered = kernel.numpy()[:, :, 0, 0]
print("recovered:\\n", recovered)
print("hidden:\\n", hidden[:, :, 0, 0])
print("share of the distance left, (1 - 2 × learning rate)^steps:", (1 - 2 * learning_rate) ** steps)
distance_left = np.abs(recovered - hidden[:, :, 0, 0]).max() / np.abs(hidden).max()
print("largest |recovered - hidden| / largest |hidden|:", distance_left)
assert_allclose(recovered, hidden[:, :, 0, 0], atol=1e-3)

figure, axes = plt.subplots(1, 3, figsize=(10, 2.8))
axes[0].semilogy(losses)
axes[0].set_xlabel("step")
axes[0].set_title("loss (log scale)", fontsize=10)
for axis, weights, title in [(axes[1], hidden[:, :, 0, 0], "hidden"), (axes[2], recovered, "recovered")]:
    axis.imshow(weights, cmap="RdBu_r", vmin=-2, vmax=2)
    for (row, column), value in np.ndenumerate(weights):
        axis.text(column, row, f"{value:.2f}", ha="center", va="center", color="white" if abs(value) > 1 else "black")
    axis.set_title(title, fontsize=10)
    axis.axis("off")
plt.show()
""",
    ),
    (
        "markdown",
        """
Gradient descent recovered the kernel **as `tf.nn.conv2d` applies it** — the correlation form. Had the hidden
filter been defined as a true convolution (`convolve2d` with Sobel x), the learned weights would be the
flipped kernel, and nothing about training would look different. This is why deep learning frameworks can
skip the flip: it is a fixed relabelling of weights that are learned anyway.

Next: see what each hand-made kernel does to a photo on the [image kernels page](../../kernels/image-kernels/),
or edit one live in the [kernel playground](../../kernels/playground/).
""",
    ),
]


def build():
    return notebooks.build(CELLS)


def main() -> None:
    notebooks.command_line(__doc__, CELLS, NOTEBOOK)


if __name__ == "__main__":
    main()
