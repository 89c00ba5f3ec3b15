// The graph interpreter (TF.js only, no DOM): runs a TensorFlow graph exported by src/tfvisual/graphs one op at a
// time, each op by the TF.js function that computes the same thing. TensorFlow's runtime does the same in C++:
// walk the ops in an order where every op's inputs are ready, and call each op's kernel.
//
// What flows along an edge is a tensor. For a variable it is a tensor that refers to the variable (a *resource
// handle*, or in TensorFlow 1 a float32_ref), not the variable's value: the value lives outside the graph.
// ReadVariableOp turns a handle into the variable's current value; AssignVariableOp writes it.

const DTYPES = { float32: "float32", int32: "int32", int64: "int32", bool: "bool" }; // TF.js has no int64

export class UnknownOpError extends Error {
  constructor(type) {
    super(`This viewer cannot run the op type "${type}" yet: the ops before it ran, the ones after it wait.`);
    this.type = type;
  }
}

const dtypeOf = (name) => {
  if (!(name in DTYPES)) throw new Error(`the dtype ${name} has no TF.js equivalent`);
  return DTYPES[name];
};

const ints = (tensor) => [...tensor.dataSync()].map(Number);
const axesOf = (tensor) => ints(tensor);

// The axes a broadcasting op's gradient must sum over, for inputs of shapes s0 and s1 (TensorFlow's BCast rule:
// an axis where one input has size 1, or no axis at all, while the result is bigger; both when both are 1).
function broadcastGradientArgs(s0, s1) {
  const rank = Math.max(s0.length, s1.length);
  const pad = (s) => [...Array(rank - s.length).fill(1), ...s];
  const [a, b] = [pad(s0), pad(s1)];
  const r0 = [];
  const r1 = [];
  for (let i = 0; i < rank; i++) {
    if (a[i] === 1 && b[i] === 1) {
      r0.push(i);
      r1.push(i);
    } else if (a[i] === 1) r0.push(i);
    else if (b[i] === 1) r1.push(i);
  }
  return [r0, r1];
}

// A TensorList (dtype variant in TensorFlow): a list of tensors a loop reads from or writes into one per
// iteration (Keras' RNN loop unstacks the time steps into one and collects each step's output in another).
// TensorFlow's list ops return a new list rather than change their input, and so do these.
class TensorList {
  constructor(items, elementShape) {
    this.items = items; // a tf.Tensor per slot, null for a slot nothing was written to yet
    this.elementShape = elementShape;
  }
  clone() {
    return new TensorList(this.items.map((t) => t?.clone() ?? null), this.elementShape);
  }
  dispose() {
    this.items.forEach((t) => t?.dispose());
  }
  get(index) {
    if (!this.items[index]) throw new Error(`the tensor list has nothing at index ${index}`);
    return this.items[index].clone();
  }
}

// What flows along an edge: a tensor, a TensorList (both own memory), or a resource handle (a plain reference).
const ownsMemory = (tf, x) => x instanceof tf.Tensor || x instanceof TensorList;
const cloneValue = (tf, x) => (ownsMemory(tf, x) ? x.clone() : x);
const disposeValue = (tf, x) => ownsMemory(tf, x) && x.dispose();

// Runs a loop's cond and body functions until cond says stop; `inputs` are the loop's carried values.
function whileLoop(tf, inputs, attrs, { runFunction }) {
  let values = inputs.map((x) => cloneValue(tf, x));
  try {
    for (let guard = 0; guard < 10000; guard++) {
      const [keepGoing] = runFunction(attrs.cond.function, values);
      const go = keepGoing.dataSync()[0];
      keepGoing.dispose();
      if (!go) {
        const results = values;
        values = []; // handed to the caller
        return results;
      }
      const next = runFunction(attrs.body.function, values);
      values.forEach((x) => disposeValue(tf, x));
      values = next;
    }
    throw new Error("the While loop ran 10,000 times without stopping");
  } finally {
    values.forEach((x) => disposeValue(tf, x));
  }
}

const reduce = (fn) => (tf, [x, axes], attrs) => {
  const axis = axesOf(axes);
  return [axis.length ? fn(tf, x, axis, attrs.keep_dims) : x.clone()];
};

// One entry per op type: (tf, inputs, attrs, context) -> array of outputs. Inputs are tensors or resource handles.
export const KERNELS = {
  Placeholder: (tf, inputs, attrs, { op, feed }) => [feed(op)],
  Const: (tf, inputs, attrs, { op }) => [tf.tensor(op.value, op.outputs[0].shape, dtypeOf(attrs.dtype))],
  // Of a TensorFlow 1 variable's reference (W/read), Identity gives the variable's value: its output is no reference.
  Identity: (tf, [x], attrs, { store }) => [x?.reference ? readVariable(store, x) : cloneValue(tf, x)],
  IdentityN: (tf, xs) => xs.map((x) => x.clone()),
  NoOp: () => [],
  Mul: (tf, [x, y]) => [tf.mul(x, y)],
  AddV2: (tf, [x, y]) => [tf.add(x, y)],
  Sub: (tf, [x, y]) => [tf.sub(x, y)],
  RealDiv: (tf, [x, y]) => [tf.div(x, y)],
  FloorDiv: (tf, [x, y]) => [tf.floorDiv(x, y)],
  FloorMod: (tf, [x, y]) => [tf.mod(x, y)], // TF.js' mod rounds down like TensorFlow's FloorMod
  Maximum: (tf, [x, y]) => [tf.maximum(x, y)],
  Neg: (tf, [x]) => [tf.neg(x)],
  Square: (tf, [x]) => [tf.square(x)],
  Sum: reduce((tf, x, axis, keep) => tf.sum(x, axis, keep)),
  Mean: reduce((tf, x, axis, keep) => tf.mean(x, axis, keep)),
  Prod: reduce((tf, x, axis, keep) => tf.prod(x, axis, keep)),
  MatMul: (tf, [a, b], attrs) => [tf.matMul(a, b, attrs.transpose_a, attrs.transpose_b)],
  BiasAdd: (tf, [x, bias]) => [tf.add(x, bias)],
  Relu: (tf, [x]) => [tf.relu(x)],
  Tanh: (tf, [x]) => [tf.tanh(x)],
  // The incoming gradient where the Relu's input was positive, else 0.
  ReluGrad: (tf, [gradient, features]) => [
    tf.tidy(() => tf.where(tf.greater(features, 0), gradient, tf.zerosLike(gradient))),
  ],
  Softmax: (tf, [x]) => [tf.softmax(x)],
  ArgMax: (tf, [x, axis]) => [tf.argMax(x, ints(axis)[0])],
  Shape: (tf, [x]) => [tf.tensor1d(x.shape, "int32")],
  Reshape: (tf, [x, shape]) => [tf.reshape(x, ints(shape))],
  Transpose: (tf, [x, perm]) => [tf.transpose(x, ints(perm))],
  Pack: (tf, xs, attrs) => [tf.stack(xs, attrs.axis)],
  Unpack: (tf, [x], attrs) => tf.unstack(x, attrs.axis),
  Fill: (tf, [shape, value]) => [tf.fill(ints(shape), value.dataSync()[0], value.dtype)],
  // The masks are bit fields: bit i set means "on axis i, ignore begin" (begin_mask), "… drop the axis"
  // (shrink_axis_mask, as x[0] does), and so on.
  StridedSlice: (tf, [x, begin, end, strides], attrs) => [
    tf.stridedSlice(
      x,
      ints(begin),
      ints(end),
      ints(strides),
      attrs.begin_mask,
      attrs.end_mask,
      attrs.ellipsis_mask,
      attrs.new_axis_mask,
      attrs.shrink_axis_mask,
    ),
  ],
  Tile: (tf, [x, multiples]) => [tf.tile(x, ints(multiples))],
  Cast: (tf, [x], attrs) => [tf.cast(x, dtypeOf(attrs.DstT))],
  GatherV2: (tf, [params, indices, axis]) => [tf.gather(params, indices, ints(axis)[0])],
  BroadcastGradientArgs: (tf, [s0, s1]) =>
    broadcastGradientArgs(ints(s0), ints(s1)).map((axes) => tf.tensor1d(axes, "int32")),
  ZerosLike: (tf, [x]) => [tf.zerosLike(x)],
  Range: (tf, [start, limit, delta], attrs) => [
    tf.range(ints(start)[0], ints(limit)[0], ints(delta)[0], dtypeOf(attrs.Tidx)),
  ],
  NotEqual: (tf, [x, y]) => [tf.notEqual(x, y)],
  Greater: (tf, [x, y]) => [tf.greater(x, y)],
  Less: (tf, [x, y]) => [tf.less(x, y)],
  LogicalAnd: (tf, [x, y]) => [tf.logicalAnd(x, y)],
  // Variables: a handle names the variable; its value lives in the interpreter's store, outside any one op.
  VarHandleOp: (tf, inputs, attrs, { op }) => [{ variable: attrs.shared_name || op.name }],
  VarIsInitializedOp: (tf, [handle], attrs, { store }) => [tf.scalar(store.has(handle.variable), "bool")],
  ReadVariableOp: (tf, [handle], attrs, { store }) => [readVariable(store, handle)],
  AssignVariableOp: (tf, [handle, value], attrs, { store }) => {
    store.set(handle.variable, value.clone());
    return [];
  },
  AssignAddVariableOp: (tf, [handle, value], attrs, { store }) => {
    store.set(handle.variable, tf.add(store.get(handle.variable), value));
    return [];
  },
  // TensorFlow 1's reference variables: VariableV2 outputs a reference (dtype float32_ref) to the variable's buffer,
  // Assign writes through it and passes the reference on.
  VariableV2: (tf, inputs, attrs, { op }) => [{ variable: attrs.shared_name || op.name, reference: true }],
  Assign: (tf, [reference, value], attrs, { store }) => {
    store.set(reference.variable, value.clone());
    return [reference];
  },
  // Tensor lists: element shapes of -1 (unknown) are taken from the tensors themselves.
  TensorListReserve: (tf, [elementShape, count]) => [new TensorList(Array(ints(count)[0]).fill(null), ints(elementShape))],
  TensorListFromTensor: (tf, [x, elementShape]) => [new TensorList(tf.unstack(x), ints(elementShape))],
  TensorListGetItem: (tf, [list, index]) => [list.get(ints(index)[0])],
  TensorListSetItem: (tf, [list, index, item]) => {
    const copy = list.clone();
    const i = ints(index)[0];
    copy.items[i]?.dispose();
    copy.items[i] = item.clone();
    return [copy];
  },
  TensorListStack: (tf, [list]) => {
    if (list.items.some((t) => !t)) throw new Error("TensorListStack met a slot nothing was written to");
    return [tf.stack(list.items)];
  },
  // Control flow: the body functions are small graphs of their own, run by the same interpreter. A While differs
  // from a StatelessWhile only in what TensorFlow may assume (its body may have side effects), not in what it does.
  StatelessWhile: whileLoop,
  While: whileLoop,
  StatelessIf: (tf, [condition, ...args], attrs, { runFunction }) => {
    const branch = condition.dataSync()[0] ? attrs.then_branch : attrs.else_branch;
    return runFunction(branch.function, args);
  },
};

function readVariable(store, handle) {
  if (!store.has(handle.variable)) throw new Error(`the variable ${handle.variable} was read before it was set`);
  return store.get(handle.variable).clone();
}

// The store's `set` disposes the value it replaces, so a variable holds exactly one tensor.
class VariableStore {
  constructor() {
    this.values = new Map();
  }
  has(name) {
    return this.values.has(name);
  }
  get(name) {
    return this.values.get(name);
  }
  set(name, tensor) {
    this.values.get(name)?.dispose();
    this.values.set(name, tensor);
  }
  dispose() {
    for (const tensor of this.values.values()) tensor.dispose();
    this.values.clear();
  }
}

const isTensor = (tf, x) => x instanceof tf.Tensor;

// Runs `fn` (a function body from the export: inputs, outputs, ops, order) on `args`; returns new output tensors.
// `record`, if given, receives every tensor of the call as nested arrays before they are disposed: the viewer shows
// a loop body's values per iteration, which exist only inside the While op's kernel.
function runFunctionBody(tf, graph, name, args, store, record) {
  const fn = graph.functions[name];
  const env = new Map(fn.inputs.map((input, i) => [input, args[i]]));
  const byName = new Map(fn.ops.map((op) => [op.name, op]));
  const created = [];
  try {
    for (const opName of fn.order) {
      const op = byName.get(opName);
      if (op.type === "Placeholder") continue; // bound to the arguments above
      const outputs = executeOp(tf, graph, op, env, store, () => {
        throw new Error(`unbound argument ${op.name}`);
      });
      outputs.forEach((value, i) => {
        env.set(op.outputs[i].name, value);
        if (ownsMemory(tf, value)) created.push(value);
      });
    }
    const results = fn.outputs.map((name) => cloneValue(tf, env.get(name)));
    if (record) {
      const values = {};
      for (const [tensor, value] of env) if (isTensor(tf, value)) values[tensor] = value.arraySync();
      record({ function: name, values });
    }
    return results;
  } finally {
    created.forEach((t) => t.dispose());
  }
}

function executeOp(tf, graph, op, env, store, feed, record) {
  const kernel = KERNELS[op.type];
  if (!kernel) throw new UnknownOpError(op.type);
  const inputs = op.inputs.map((name) => {
    if (!env.has(name)) throw new Error(`${op.name} needs ${name}, which has not been computed`);
    return env.get(name);
  });
  const context = { op, store, feed, runFunction: (name, args) => runFunctionBody(tf, graph, name, args, store, record) };
  return kernel(tf, inputs, op.attrs, context);
}

// A stepper over one exported graph: `step()` runs the next op of the run order, `reset()` forgets everything.
// `inputs` maps an input tensor name to its value (nested arrays), as the reader edited it.
export function createStepper(tf, graph) {
  const order = graph.runs.flatMap((run) => run.ops);
  const byName = new Map(graph.ops.map((op) => [op.name, op]));
  const env = new Map(); // tensor name -> tf.Tensor or resource handle, for every output computed so far
  const store = new VariableStore();
  const calls = new Map(); // op name -> the function calls its last run made (a While: cond, body, cond, …)
  let inputs = {};
  let position = 0;

  const feed = (op) => {
    const input = graph.inputs.find((x) => x.name === op.outputs[0].name);
    if (input) return tf.tensor(inputs[input.name] ?? input.value, undefined, dtypeOf(input.dtype));
    // A tf.function graph's captured variable: a Placeholder of dtype resource, fed with the variable's handle.
    const variable = graph.variables.find((v) => v.handle === op.name);
    if (variable) return { variable: variable.name };
    throw new Error(`nothing feeds the placeholder ${op.name}`);
  };

  function reset(newInputs = inputs) {
    inputs = newInputs;
    for (const value of env.values()) disposeValue(tf, value);
    env.clear();
    calls.clear();
    store.dispose();
    // A tf.function's variables already hold their values when it is called; a TF1 graph's get theirs from
    // its initializer run, so they start empty.
    for (const variable of graph.variables) {
      if (byName.get(variable.handle)?.type === "Placeholder") {
        store.set(variable.name, tf.tensor(variable.value, variable.shape, dtypeOf(variable.dtype)));
      }
    }
    position = 0;
  }

  // Runs the next op; returns {op, outputs: [{name, tensor}]} or throws (UnknownOpError for a missing kernel).
  function step() {
    if (position >= order.length) return null;
    const op = byName.get(order[position]);
    const recorded = [];
    const outputs = executeOp(tf, graph, op, env, store, feed, (call) => recorded.push(call));
    if (recorded.length) calls.set(op.name, recorded);
    outputs.forEach((value, i) => env.set(op.outputs[i].name, value));
    position += 1;
    return { op, outputs: outputs.map((value, i) => ({ name: op.outputs[i].name, value })) };
  }

  reset();
  return {
    order,
    get position() {
      return position;
    },
    step,
    reset,
    value: (name) => env.get(name),
    variables: () => new Map(store.values),
    calls: (name) => calls.get(name) ?? [],
    dispose() {
      reset();
      store.dispose();
    },
  };
}

// The tensor's values as nested arrays (what the page's data-values and the value views show).
export const toArray = (tf, value) => (value instanceof tf.Tensor ? value.arraySync() : null);
