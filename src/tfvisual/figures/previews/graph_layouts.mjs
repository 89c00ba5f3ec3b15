// The opening view of graph viewers, laid out by the viewer's own code (layout.js with dagre), as plain JSON for the
// home page's previews (previews/graphs.py draws them): node graph_layouts.mjs graphs/a.json ... ->
// {"a": {width, height, nodes: [{x, y, width, height, role, lines}], clusters: [...], edges: [{points, control}]}}.
import { readFileSync } from "node:fs";
import * as dagreModule from "../../../../node_modules/@dagrejs/dagre/dist/dagre.esm.js";
import { boxLines, openingView } from "../../../../docs/javascripts/demos/graph/layout.js";

const dagre = dagreModule.default ?? dagreModule;
const views = {};
for (const path of process.argv.slice(2)) {
  const graph = JSON.parse(readFileSync(path, "utf-8"));
  const { visible, laid } = openingView(dagre, graph);
  views[graph.name] = {
    width: laid.width,
    height: laid.height,
    // The role decides the box's colour, as in view.js.
    nodes: visible.nodes.map((node) => ({
      ...laid.nodes.get(node.id),
      role: node.output ? "output" : node.op ? node.op.role : "scope",
      lines: boxLines(node),
    })),
    clusters: [...laid.clusters.values()],
    edges: visible.edges.map((edge) => ({ points: laid.edges.get(edge.id).points, control: edge.control })),
  };
}
process.stdout.write(JSON.stringify(views));
