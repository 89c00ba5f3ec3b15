"""The memory backpropagation through time needs, measured: how many bytes TensorFlow holds while it differentiates a
recurrent loop of T steps.

Inside ``tf.function`` a recurrent layer runs as one ``While`` op. To differentiate it, TensorFlow's gradient of
``While`` (while_v2) needs, at every step going back, values the step computed going forward: ``h_{t−1}`` for the
gradient of U, ``tanh``'s output for its slope ``1 − h_t²``, the step's input ``x_t`` for the gradient of W. So when
a gradient is asked for, the forward loop pushes them onto lists (``TensorListPushBack``), one entry per step, and
the backward loop pops them in reverse; nothing pushed is freed before the backward pass has used it, so the memory
grows in proportion to T. Without a gradient, the loop keeps only the current state.

Measured, the growth is one state per step (h_t, plus the small x_t slice), although the loop pushes five tensors per
step, the values of W and U among them (the loop reads the variables anew at every step): a variable read returns
the variable's own buffer, not a copy, and the pushed h_{t−1} is the buffer of the previous step's h_t. The pushes
alone, counted as copies, would be ten times the measured growth.

Three ways of running the same SimpleRNN-style cell, ``h_t = tanh(x_t W + h_{t−1} U + b)``, over T steps:

- ``forward``: the loop alone, no gradient (what using a trained network costs);
- ``full``: the loop under ``tf.GradientTape`` and its gradient with respect to W, U and b: backpropagation through
  all T steps;
- ``truncated``: the same T steps cut into windows of ``WINDOW``, each window differentiated on its own and its final
  state carried into the next as a plain value (``tf.stop_gradient``): truncated BPTT, as the site's character
  model is trained.

Memory is TensorFlow's own count: the peak bytes its CPU allocator held during one call, from
``tf.config.experimental.get_memory_info("CPU:0")`` after ``reset_memory_stats``. TensorFlow's default CPU allocator
keeps no statistics; the environment variable ``TF_CPU_ALLOCATOR_USE_BFC=true``, read when TensorFlow starts, makes it
use its BFC allocator, which does, so the measuring script (scripts/save_bptt_memory.py) sets it before importing
TensorFlow. ``saved_per_step`` reads, from the traced graph of ``full``, what the forward loop pushes at each step:
the tensors it keeps, their bytes, and which of them the step computes.
"""

import numpy as np
import tensorflow as tf
from tensorflow.python.ops import while_v2  # its helper that finds a While op's body graph

BATCH = 32  # sequences side by side
UNITS = 256
FEATURES = 8
WINDOW = 100
STEPS = (100, 200, 400, 800, 1600)
SEED = 0
REPEATS = 5  # calls measured per setting: the page quotes their median


def measure(steps: tuple[int, ...] = STEPS, window: int = WINDOW, repeats: int = REPEATS) -> dict:
    """Peak bytes held during one call of each way of running, for every T (the median of ``repeats`` calls, and
    their range), and what the forward loop keeps."""
    cell = Cell.create()
    runs = {"forward": cell.forward, "full": cell.full, "truncated": lambda x, h: cell.truncated(x, h, window)}
    rows = []
    for t in steps:
        x = tf.constant(np.random.default_rng(SEED + 1).standard_normal((t, BATCH, FEATURES)).astype(np.float32))
        h0 = tf.zeros((BATCH, UNITS))
        row = {"steps": t}
        for name, run in runs.items():
            peaks = peak_bytes(run, (x, h0), repeats)
            row[f"{name}_peak_bytes"] = int(np.median(peaks))
            row[f"{name}_peak_range"] = [min(peaks), max(peaks)]
        rows.append(row)
    return {"rows": rows, "saved_per_step": saved_per_step(cell), "repeats": repeats}


def peak_bytes(run, args: tuple, repeats: int) -> list[int]:
    """The most bytes TensorFlow's CPU allocator held during each of ``repeats`` calls of ``run(*args)``, beyond
    what it held before the call: what the call itself needed (the inputs, allocated before, are not counted).
    Run once first, unmeasured, so that tracing and first-call caches are not counted either. The peak varies a
    little from call to call (the loop runs several iterations at once, and when a temporary is freed depends on
    the threads' timing), hence several calls."""
    _materialise(run(*args))
    peaks = []
    for _ in range(repeats):
        tf.config.experimental.reset_memory_stats("CPU:0")
        before = tf.config.experimental.get_memory_info("CPU:0")["current"]
        _materialise(run(*args))
        peaks.append(int(tf.config.experimental.get_memory_info("CPU:0")["peak"] - before))
    return peaks


def _materialise(outputs) -> None:
    """Wait for every output (as NumPy), so the whole call has run before memory is read."""
    for tensor in tf.nest.flatten(outputs):
        tensor.numpy()


class Cell:
    """h_t = tanh(x_t W + h_{t−1} U + b) over a sequence x of shape (T, batch, features), as one tf.while_loop."""

    def __init__(self, w, u, b):
        self.variables = [w, u, b]
        signature = [
            tf.TensorSpec([None, BATCH, FEATURES], tf.float32, name="x"),
            tf.TensorSpec([BATCH, UNITS], tf.float32, name="h0"),
        ]
        # One trace each serves every T: the graph is the same size for any sequence length.
        self.forward = tf.function(self._forward, input_signature=signature)
        self.full = tf.function(self._full, input_signature=signature)
        self.window_step = tf.function(self._full_with_state, input_signature=signature)

    @classmethod
    def create(cls, seed: int = SEED) -> "Cell":
        rng = np.random.default_rng(seed)
        limit = np.sqrt(6 / (FEATURES + UNITS))  # Glorot uniform, as Keras starts a kernel
        w = rng.uniform(-limit, limit, (FEATURES, UNITS)).astype(np.float32)
        u = np.linalg.qr(rng.standard_normal((UNITS, UNITS)))[0].astype(np.float32)  # orthogonal, as Keras starts U
        return cls(
            tf.Variable(w, name="W"), tf.Variable(u, name="U"), tf.Variable(np.zeros(UNITS, np.float32), name="b")
        )

    # --8<-- [start:loop]
    def _loop(self, x, h0):
        """The last state after every step of x: one While op, carrying only (t, h) from one iteration to the next."""
        w, u, b = self.variables

        def step(t, h):
            return t + 1, tf.tanh(tf.matmul(x[t], w) + tf.matmul(h, u) + b)

        _, h = tf.while_loop(lambda t, h: t < tf.shape(x)[0], step, (tf.constant(0), h0))
        return h

    def _forward(self, x, h0):
        return tf_sum(self._loop(x, h0))

    def _full(self, x, h0):
        """The loss and its gradient with respect to W, U and b: backpropagation through every step of x."""
        with tf.GradientTape() as tape:
            loss = tf_sum(self._loop(x, h0))
        return loss, tape.gradient(loss, self.variables)

    # --8<-- [end:loop]

    def _full_with_state(self, x, h0):
        """As _full, and the last state too, so that the next window can start from it."""
        with tf.GradientTape() as tape:
            h = self._loop(x, h0)
            loss = tf_sum(h)
        return loss, tape.gradient(loss, self.variables), h

    # --8<-- [start:truncated]
    def truncated(self, x, h0, window: int):
        """Truncated BPTT over x: each window of ``window`` steps differentiated on its own, its last state carried
        into the next as a plain value (stop_gradient), the windows' gradients summed."""
        h, total = h0, [tf.zeros_like(v) for v in self.variables]
        for start in range(0, int(x.shape[0]), window):
            _, gradients, h = self.window_step(x[start : start + window], tf.stop_gradient(h))
            total = [a + g for a, g in zip(total, gradients, strict=True)]
        return total

    # --8<-- [end:truncated]


def tf_sum(h):
    """The loss: the sum of the last state (its gradient with respect to h_T is all ones)."""
    return tf.reduce_sum(h)


# What each kind of pushed tensor is. Only what the step computes is new memory: a variable read (ReadVariableOp)
# returns the variable's own buffer, not a copy, and the loop's carried state (its body's input, a Placeholder
# inside the body graph) is the previous step's output, pushed already as that step's h_t.
PUSHED = {
    "Tanh": ("computed", "h_t, the state this step computes"),
    "StridedSlice": ("computed", "x_t, this step's slice of the inputs"),
    "Placeholder": ("carried", "h_{t-1}, the state carried into the step: the previous step's h_t"),
    "ReadVariableOp": ("variable", "W or U, read again inside the loop: the variable's own buffer"),
}


def saved_per_step(cell: Cell) -> dict:
    """What the forward loop pushes onto a list at every step when a gradient is asked for (TensorListPushBack
    in the loop's body, added by TensorFlow's gradient of While): each tensor's op, shape, bytes and kind."""
    graph = cell.full.get_concrete_function().graph
    loops = [op for op in graph.get_operations() if op.type in ("While", "StatelessWhile")]
    forward = loops[0]  # the first loop is the forward one; the gradient's loop comes after it
    body = while_v2._get_graph(forward, "body", "_body_graph")
    kept = []
    for op in body.get_operations():
        if op.type == "TensorListPushBack":
            tensor = op.inputs[1]
            kind, what = PUSHED.get(tensor.op.type, ("computed", tensor.op.type))
            shape = tensor.shape.as_list()
            kept.append(
                {
                    "op": tensor.op.type,
                    "kind": kind,
                    "what": what,
                    "shape": shape,
                    "bytes": int(np.prod(shape)) * tensor.dtype.size,
                }
            )
    return {
        "loop_ops": [op.type for op in loops],
        "tensors": sorted(kept, key=lambda t: (t["op"], t["shape"])),
        "bytes": sum(t["bytes"] for t in kept),
        "computed_bytes": sum(t["bytes"] for t in kept if t["kind"] == "computed"),
    }
