// What the viewer draws and where (no DOM, no TF.js): the ops a reader sees (bookkeeping hidden unless asked
// for, collapsed name scopes as one box each), the edges between them, and their positions from dagre, a
// maintained layout library (vendored from npm @dagrejs/dagre; layered "Sugiyama" layout, as TensorBoard's was).

const NODE_HEIGHT = 46;
// An output op also shows its value: the answer has no edge after it to carry a label.
export const OUTPUT_HEIGHT = 68;
const CHARACTER = 7.8; // about the widest average advance of a label's characters (13 px bold), in px
export const LABEL = { width: 124, height: 36 }; // every edge label has room for a shape line and a value line
// Op labels are drawn at 12 and 13 px (graph.css), so at scale 1 every op label is at least 12 CSS px: the view
// opens there and "Fit" never goes below it.
export const LEGIBLE_SCALE = 1;
export const PHONE_LEGIBLE_SCALE = 11 / 12; // on a phone's narrow canvas 11 px labels are legible
export const RESULT_CHARACTER = 7.2; // about the average advance of an output's value text (13 px), in px
const MIN_CLUSTER_OPS = 3; // a name scope with fewer visible ops is not boxed: small boxes only add clutter
const OVERVIEW_NODES = 24; // a graph with more boxes than this opens as an overview, its name scopes collapsed

export const shortName = (name) => name.split("/").at(-1);

// The two lines of an op's box (a collapsed scope's: its name and how many ops it holds).
export function boxLines(node) {
  const bodies = node.op?.control_flow ? " ▸ bodies" : ""; // a While or If: Enter opens its functions
  return node.op ? [node.op.type, shortName(node.op.name) + bodies] : [`${shortName(node.scope)} ▸`, `${node.ops.length} ops`];
}

// As wide as its text needs (so that two small inputs fit side by side on a phone); an output's box also holds
// an "output" mark and its value.
function boxSize(node) {
  const [first, second] = boxLines(node);
  const text = Math.max(first.length + (node.output ? 8 : 0), second.length) * CHARACTER + 24;
  return { width: Math.max(node.output ? 190 : 110, text), height: node.output ? OUTPUT_HEIGHT : NODE_HEIGHT };
}

const scopesOf = (name) => {
  const parts = name.split("/");
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join("/"));
};

// {nodes, edges, clusters} for the current view. `collapsed` is a Set of scope names drawn as one box.
export function visibleGraph(graph, { showAll, collapsed }) {
  const byName = new Map(graph.ops.map((op) => [op.name, op]));
  const producer = new Map();
  for (const op of graph.ops) for (const output of op.outputs) producer.set(output.name, op);
  // The function's results (and a TF1 fetch) are always drawn: the final Identity is bookkeeping, but it is
  // where the answer is.
  const outputOps = new Set(graph.outputs.map((tensor) => producer.get(tensor)?.name));
  const shown = (op) => showAll || !op.bookkeeping || outputOps.has(op.name);

  const collapsedScopeOf = (op) => scopesOf(op.name).find((scope) => collapsed.has(scope));
  const nodeIdOf = (op) => {
    const scope = collapsedScopeOf(op);
    return scope ? `scope:${scope}` : op.name;
  };

  // Through a hidden Identity to what it passes on; a hidden op with no input has nothing to show.
  const resolve = (tensor) => {
    let op = producer.get(tensor);
    while (op && !shown(op)) {
      if (!op.type.startsWith("Identity") || !op.inputs.length) return null;
      tensor = op.inputs[0];
      op = producer.get(tensor);
    }
    return op ? { op, tensor } : null;
  };

  const nodes = new Map();
  const descendants = new Map(); // scope -> count of visible ops inside it
  for (const op of graph.ops) {
    if (!shown(op)) continue;
    for (const scope of scopesOf(op.name)) descendants.set(scope, (descendants.get(scope) ?? 0) + 1);
    const id = nodeIdOf(op);
    if (!nodes.has(id)) {
      nodes.set(id, id === op.name ? { id, op, ops: [op.name], output: outputOps.has(op.name) } : { id, scope: id.slice(6), ops: [] });
    }
    if (id !== op.name) nodes.get(id).ops.push(op.name);
  }

  const clusterScopes = [...descendants]
    .filter(([scope, count]) => count >= MIN_CLUSTER_OPS && !collapsed.has(scope))
    .filter(([scope]) => !scopesOf(`${scope}/x`).some((s) => s !== scope && collapsed.has(s)))
    .map(([scope]) => scope);
  const clusterSet = new Set(clusterScopes);
  const deepestCluster = (scopes) => scopes.filter((s) => clusterSet.has(s)).at(-1) ?? null;
  for (const node of nodes.values()) {
    node.parent = deepestCluster(node.op ? scopesOf(node.op.name) : scopesOf(node.scope));
  }
  const clusters = clusterScopes.map((scope) => ({ id: `cluster:${scope}`, scope, parent: deepestCluster(scopesOf(scope)) }));

  const edges = new Map();
  for (const op of graph.ops) {
    if (!shown(op)) continue;
    const to = nodeIdOf(op);
    op.inputs.forEach((tensor) => {
      const source = resolve(tensor);
      if (!source) return;
      const from = nodeIdOf(source.op);
      if (from === to) return;
      const key = `${from}|${to}|${source.tensor}`;
      const output = source.op.outputs.find((o) => o.name === source.tensor);
      if (!edges.has(key)) edges.set(key, { id: key, from, to, tensor: source.tensor, output, control: false });
    });
    if (showAll) {
      for (const name of op.control_inputs) {
        const from = nodeIdOf(byName.get(name));
        const key = `${from}|${to}|^`;
        if (from !== to && !edges.has(key)) edges.set(key, { id: key, from, to, tensor: null, control: true });
      }
    }
  }
  const inputs = graph.inputs.map((input) => producer.get(input.name)?.name).filter((name) => nodes.has(name));
  return { nodes: [...nodes.values()], edges: [...edges.values()], clusters, inputs };
}

// Positions from dagre: nodes and clusters as centre x, y with width and height; edges as polylines whose
// ends dagre clips to the two nodes' borders, and the centre of each edge's label.
export function layoutGraph(dagre, view) {
  const g = new dagre.graphlib.Graph({ compound: true, multigraph: true });
  g.setGraph({ rankdir: "TB", nodesep: 20, ranksep: 36, edgesep: 12, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const cluster of view.clusters) g.setNode(cluster.id, { label: cluster.scope, paddingTop: 28 });
  for (const node of view.nodes) g.setNode(node.id, boxSize(node));
  for (const cluster of view.clusters) if (cluster.parent) g.setParent(cluster.id, `cluster:${cluster.parent}`);
  for (const node of view.nodes) if (node.parent) g.setParent(node.id, `cluster:${node.parent}`);
  for (const edge of view.edges) {
    const label = edge.control ? {} : { ...LABEL, labelpos: "c" };
    g.setEdge(edge.from, edge.to, { ...label, minlen: 1 }, edge.id);
  }
  // The placeholders left to right in the order of the function's arguments, as the input fields list them.
  const ids = new Set(view.nodes.map((n) => n.id));
  const inputs = (view.inputs ?? []).filter((id) => ids.has(id));
  const constraints = inputs.slice(1).map((right, i) => ({ left: inputs[i], right }));
  dagre.layout(g, { constraints });
  const box = (id) => {
    const { x, y, width, height } = g.node(id);
    return { x, y, width, height };
  };
  return {
    width: g.graph().width,
    height: g.graph().height,
    nodes: new Map(view.nodes.map((n) => [n.id, box(n.id)])),
    clusters: new Map(view.clusters.map((c) => [c.id, box(c.id)])),
    edges: new Map(
      view.edges.map((e) => {
        const laid = g.edge({ v: e.from, w: e.to, name: e.id });
        return [e.id, { points: laid.points, x: laid.x, y: laid.y }];
      }),
    ),
  };
}

// The name scopes to collapse so that a big graph opens as an overview a reader can read: every top-level scope
// box collapsed, then, largest first, each collapsed scope opened again (its own sub-scopes collapsed) while the
// view stays within OVERVIEW_NODES boxes. A small graph collapses nothing.
export function overviewScopes(graph, { showAll = false, budget = OVERVIEW_NODES } = {}) {
  const boxes = (collapsed) => visibleGraph(graph, { showAll, collapsed });
  let view = boxes(new Set());
  if (view.nodes.length <= budget) return new Set();
  const collapsed = new Set(view.clusters.filter((c) => !c.parent).map((c) => c.scope));
  view = boxes(collapsed);
  const tried = new Set();
  for (;;) {
    const candidates = view.nodes.filter((n) => n.scope && !tried.has(n.scope)).sort((a, b) => b.ops.length - a.ops.length);
    if (!candidates.length) return collapsed;
    const scope = candidates[0].scope;
    tried.add(scope);
    const opened = new Set([...collapsed].filter((s) => s !== scope));
    const inner = boxes(opened).clusters.filter((c) => c.parent === scope).map((c) => c.scope);
    const trial = new Set([...opened, ...inner]);
    const trialView = boxes(trial);
    if (trialView.nodes.length <= budget) {
      collapsed.clear();
      trial.forEach((s) => collapsed.add(s));
      view = trialView;
    }
  }
}

// The view a graph opens at (the same in the browser and in the site build, which reserves the canvas's height
// from it so that nothing moves when the viewer arrives): the overview's collapsed scopes, laid out, and the height
// it takes at the legible scale.
export function openingView(dagre, graph) {
  const collapsed = overviewScopes(graph);
  const visible = visibleGraph(graph, { showAll: false, collapsed });
  const laid = layoutGraph(dagre, visible);
  return { collapsed, visible, laid, height: Math.ceil(laid.height * LEGIBLE_SCALE) };
}
