"""What a TensorFlow 1 `Session.run` executes, as TensorFlow itself reports it.

With a full trace, a run's `RunMetadata` lists in its step statistics every node the executor ran. Besides the
graph's own ops it lists the executor's: `_SOURCE`, and the `_arg_<name>_…` and `_retval_<name>_…` nodes that stand
in for fed and fetched tensors. A fed placeholder does not run; its `_arg_` node hands the fed value on in its place,
so it is counted as the placeholder.

With TensorFlow's graph optimiser (Grappler) turned off, the executor runs the *pruned* graph: every op the fetches
need, as the program wrote it. That is what the page counts and saves. With the default settings, Grappler may
rewrite the graph first, and what it does depends on the build: with oneDNN (x86 builds, on by default on most
Intel CPUs) it fuses `MatMul`, the bias's add and `Relu` into one `_MklNativeFusedMatMul`; without oneDNN it leaves
this graph as it is. So the optimised counts are not saved, only checked for what holds on every build
(tests/unit/test_graph_sessions.py): never more nodes than the pruned graph, and the variables' ops in every run.
"""

import re

import tensorflow as tf

_ARGUMENT = re.compile(r"^_arg_(.+)_0_\d+$")


def session_config(optimised: bool) -> tf.compat.v1.ConfigProto:
    config = tf.compat.v1.ConfigProto()
    config.graph_options.rewrite_options.disable_meta_optimizer = not optimised
    return config


def traced_run(session: tf.compat.v1.Session, fetches, feed_dict=None) -> tf.compat.v1.RunMetadata:
    options = tf.compat.v1.RunOptions(trace_level=tf.compat.v1.RunOptions.FULL_TRACE, output_partition_graphs=True)
    metadata = tf.compat.v1.RunMetadata()
    session.run(fetches, feed_dict=feed_dict, options=options, run_metadata=metadata)
    return metadata


def executed_nodes(session: tf.compat.v1.Session, metadata: tf.compat.v1.RunMetadata) -> dict[str, str]:
    """Node name -> op type of every node the run executed that stands for an op of the graph (a fed placeholder's
    `_arg_` node counted as the placeholder, the executor's other nodes left out)."""
    graph_ops = {op.name for op in session.graph.get_operations()}
    types = {node.name: node.op for graph in metadata.partition_graphs for node in graph.node}
    executed = {}
    for device in metadata.step_stats.dev_stats:
        for node in device.node_stats:
            argument = _ARGUMENT.match(node.node_name)
            if argument and argument.group(1) in graph_ops:
                executed[argument.group(1)] = "Placeholder"
            elif node.node_name in graph_ops:
                executed[node.node_name] = types[node.node_name]
    return executed


def executed_ops(session: tf.compat.v1.Session, fetches, feed_dict=None) -> set[str]:
    """The graph's ops one run executed, by TensorFlow's step statistics."""
    return set(executed_nodes(session, traced_run(session, fetches, feed_dict)))


def program_runs(build, x_value, optimised: bool) -> list[dict[str, str]]:
    """A TF1 program's two runs (init, then y fed x_value), in a fresh Session: the nodes each executed."""
    graph, x, y, init = build()
    with tf.compat.v1.Session(graph=graph, config=session_config(optimised)) as session:
        runs = []
        for fetches, feed in ((init, None), (y, {x: x_value})):
            runs.append(executed_nodes(session, traced_run(session, fetches, feed)))
        return runs


def results() -> dict:
    """What the variables page quotes, saved by scripts/save_example_results.py: per program and run, the ops of
    the pruned graph and how many of them a run executes again."""
    from tfvisual.graphs import examples

    programs = {"dense-tf1": examples.dense_tf1, "dense-tf1-ref": examples.dense_tf1_reference_variables}
    saved = {}
    for name, build in programs.items():
        pruned = program_runs(build, examples.X_PRESET, optimised=False)
        saved[name] = [
            {"pruned": len(ops), "again": len({op for run in pruned[:index] for op in run} & set(ops))}
            for index, ops in enumerate(pruned)
        ]
    return saved
