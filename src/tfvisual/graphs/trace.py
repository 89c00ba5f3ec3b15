"""Each shipped graph, traced: the graph TensorFlow built, its inputs with preset values, the variables its
resource handles stand for, and the Session runs that execute it.

A `tf.function` graph runs once per call: one run that executes every op. A TensorFlow 1 graph is run twice, as
its program did: first the variables' initializer, then the output with the placeholder fed (`feed_dict`); each
run executes every op its fetches need, the variables' own ops included.
"""

from dataclasses import dataclass, field

import numpy as np
import tensorflow as tf

from tfvisual.graphs import examples


@dataclass
class Variable:
    name: str  # the tf.Variable's own name, without ":0"
    value: np.ndarray  # its value when the graph starts running


@dataclass
class Run:
    label: str  # what the reader's program did: "one call of dense(x)", "session.run(init)"
    fetches: list[str] | None  # op names the run asks for (and so everything they need); None: every op


@dataclass
class Traced:
    name: str
    title: str
    graph: tf.Graph  # a FuncGraph for tf.function, a plain tf.Graph for TensorFlow 1
    inputs: dict[str, np.ndarray]  # input tensor name -> preset value
    variables: dict[str, Variable]  # name of the op whose output is the variable's resource handle -> variable
    runs: list[Run]
    python: str  # the Python the graph comes from, as the page shows it: "examples.dense"
    outputs: list[str] = field(default_factory=list)  # the tensors the function (or session.run) returns
    # Numbers of the example's Python the pages quote (an optimizer's hyper-parameters), read from the objects.
    settings: dict = field(default_factory=dict)


def _handle_owner(variables: list[tf.Variable]) -> dict[int, tf.Variable]:
    return {id(v.handle): v for v in variables}


def _function_graph(name, title, fn, inputs, variables, python, settings=None) -> Traced:
    concrete = fn.get_concrete_function()
    graph = concrete.graph
    # Asked after tracing: an optimizer creates its own variables (its step count, momenta) while it is traced.
    owners = _handle_owner(variables())
    captured = {}
    for external, internal in graph.captures:
        variable = owners.get(id(external))
        if variable is None:
            raise ValueError(f"{name}: the captured {internal.name} is not one of the given variables")
        captured[internal.op.name] = Variable(variable.name.removesuffix(":0"), variable.numpy())
    return Traced(
        name=name,
        title=title,
        graph=graph,
        inputs=inputs,
        variables=captured,
        runs=[Run(f"one call of {python.split('.')[-1]}(…)", None)],
        python=python,
        outputs=[t.name for t in graph.outputs],
        settings=settings() if settings else {},  # asked after tracing, like the variables
    )


def _optimizer_settings(optimizer) -> dict:
    """The SGD hyper-parameters as the optimizer holds them (its config), not as the page would type them."""
    config = optimizer.get_config()
    return {"optimizer": {key: float(config[key]) for key in ("learning_rate", "momentum")} | {"name": config["name"]}}


def _rnn_settings(layer, fn) -> dict:
    """The layer's size (its config) and the time steps and features it is traced for (the input signature)."""
    config = layer.get_config()
    _, steps, features = fn.input_signature[0].shape
    return {"rnn": {"units": config["units"], "unroll": config["unroll"], "time_steps": steps, "features": features}}


def _tf1_graph(name: str, title: str, build, python: str) -> Traced:
    """A TensorFlow 1 program's graph and its two Session runs. Each run executes every op its fetches need, so
    the second run executes the variables' ops (VarHandleOp, VariableV2) again: only their values persist."""
    graph, x, y, init = build()
    variables = {}
    for variable in graph.get_collection(tf.compat.v1.GraphKeys.GLOBAL_VARIABLES):
        # The initializer assigns a constant: read it from the Const op's value, as the graph holds it.
        constant = variable.initializer.inputs[1].op
        # variable.op is the op whose output stands for the variable: a VarHandleOp's resource handle, or
        # (reference variables) the VariableV2's float32_ref.
        variables[variable.op.name] = Variable(variable.op.name, tf.make_ndarray(constant.get_attr("value")))
    return Traced(
        name=name,
        title=title,
        graph=graph,
        inputs={x.name: examples.X_PRESET},
        variables=variables,
        runs=[Run("session.run(init)", [init.name]), Run("session.run(y, feed_dict={x: …})", [y.op.name])],
        python=python,
        outputs=[y.name],
    )


def traced_graphs() -> list[Traced]:
    """Every graph the site ships, in a fixed order (the order matters: TensorFlow numbers some names)."""
    ex = examples
    graphs = [
        _function_graph(
            "scaled-sum",
            "reduce_sum(x * w)",
            ex.scaled_sum_graph,
            {"x:0": np.array([1.0, 2.0, 3.0], np.float32), "w:0": np.array([0.5, 0.5, 2.0], np.float32)},
            list,
            "eager_and_graph.scaled_sum",
        ),
        _function_graph(
            "dense", "relu(x @ W + b)", ex.dense, {"x:0": ex.X_PRESET}, lambda: [ex.W, ex.b], "examples.dense"
        ),
        _tf1_graph("dense-tf1", "relu(x @ W + b), TensorFlow 1 style", ex.dense_tf1, "examples.dense_tf1"),
        _function_graph(
            "keras-classifier",
            "A small Keras model's forward pass",
            ex.classify,
            {"features:0": np.array([[1.0, 0.5, -0.5, 2.0], [0.0, -1.0, 1.5, 0.5]], np.float32)},
            lambda: ex.model.variables,
            "examples.classify",
        ),
        _function_graph(
            "training-step",
            "One training step: forward, gradients, update",
            ex.training_step,
            {"x:0": ex.X_PRESET, "y:0": ex.Y_PRESET},
            lambda: [ex.W_train, ex.b_train, *ex.optimizer.variables(), ex.optimizer.learning_rate],
            "examples.training_step",
            lambda: _optimizer_settings(ex.optimizer),
        ),
        _function_graph(
            "autograph",
            "AutoGraph: a Python for and if on tensors",
            ex.weighted_total,
            {"x:0": np.array([1.0, -2.0, 0.5], np.float32)},
            list,
            "examples.weighted_total",
        ),
    ]
    # Imported only now, after the graphs above are traced: building its Keras layers advances TensorFlow's
    # process-wide name counter, which those graphs embed.
    from tfvisual.graphs import rnn_examples as rnn

    return [
        *graphs,
        _function_graph(
            "rnn-unrolled",
            "SimpleRNN(unroll=True): one copy of the cell per time step",
            rnn.last_state_unrolled,
            {"x:0": rnn.X_PRESET},
            lambda: rnn.rnn_unrolled.variables,
            "rnn_examples.last_state_unrolled",
            lambda: _rnn_settings(rnn.rnn_unrolled, rnn.last_state_unrolled),
        ),
        _function_graph(
            "rnn-while",
            "SimpleRNN: a While loop over the time steps",
            rnn.last_state_while,
            {"x:0": rnn.X_PRESET},
            lambda: rnn.rnn_looped.variables,
            "rnn_examples.last_state_while",
            lambda: _rnn_settings(rnn.rnn_looped, rnn.last_state_while),
        ),
        # Last: a new graph appended here renames nothing in the graphs before it.
        _tf1_graph(
            "dense-tf1-ref",
            "relu(x @ W + b), TensorFlow 1.x's reference variables",
            ex.dense_tf1_reference_variables,
            "examples.dense_tf1_reference_variables",
        ),
    ]
