"""Real TensorFlow functions traced into dataflow graphs, exported for the site's graph viewer and stepper.

`examples` holds the functions (each one a page shows), `flatten` turns a traced graph into a flat list of ops
with nested function calls inlined, `values` runs that graph in TensorFlow to get the value of every tensor, and
`export` writes what the browser reads (`<name>.json`) and the raw GraphDef (`<name>.pbtxt`).
"""
