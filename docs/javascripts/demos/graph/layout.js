// What the viewer draws and where (no DOM, no TF.js): the ops a reader sees (bookkeeping hidden unless asked
// for, collapsed name scopes as one box each), the edges between them, and their positions from dagre, a
// maintained layout library (vendored from npm @dagrejs/dagre; layered "Sugiyama" layout, as TensorBoard's was).

export const NODE = { width: 150, height: 44 };
export const LABEL = { width: 124, height: 36 }; // every edge label has room for a shape line and a value line
const MIN_CLUSTER_OPS = 3; // a name scope with fewer visible ops is not boxed: small boxes only add clutter

const scopesOf = (name) => {
  const parts = name.split("/");
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join("/"));
};

// {nodes, edges, clusters} for the current view. `collapsed` is a Set of scope names drawn as one box.
export function visibleGraph(graph, { showAll, collapsed }) {
  const byName = new Map(graph.ops.map((op) => [op.name, op]));
  const producer = new Map();
  for (const op of graph.ops) for (const output of op.outputs) producer.set(output.name, op);
  const shown = (op) => showAll || !op.bookkeeping;

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
      nodes.set(id, id === op.name ? { id, op, ops: [op.name] } : { id, scope: id.slice(6), ops: [] });
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
  return { nodes: [...nodes.values()], edges: [...edges.values()], clusters };
}

// Positions from dagre: nodes and clusters as centre x, y with width and height; edges as polylines whose
// ends dagre clips to the two nodes' borders, and the centre of each edge's label.
export function layoutGraph(dagre, view) {
  const g = new dagre.graphlib.Graph({ compound: true, multigraph: true });
  g.setGraph({ rankdir: "TB", nodesep: 20, ranksep: 36, edgesep: 12, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const cluster of view.clusters) g.setNode(cluster.id, { label: cluster.scope, paddingTop: 28 });
  for (const node of view.nodes) g.setNode(node.id, { ...NODE });
  for (const cluster of view.clusters) if (cluster.parent) g.setParent(cluster.id, `cluster:${cluster.parent}`);
  for (const node of view.nodes) if (node.parent) g.setParent(node.id, `cluster:${node.parent}`);
  for (const edge of view.edges) {
    const label = edge.control ? {} : { ...LABEL, labelpos: "c" };
    g.setEdge(edge.from, edge.to, { ...label, minlen: 1 }, edge.id);
  }
  dagre.layout(g);
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
