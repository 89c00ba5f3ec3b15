// The height each graph viewer's canvas opens at, computed by the viewer's own layout code (layout.js, dagre) so
// that the site build can reserve it: node graph_views.mjs graphs/a.json graphs/b.json -> {"a": 454, "b": 1162}.
import { readFileSync } from "node:fs";
import * as dagreModule from "../../../node_modules/@dagrejs/dagre/dist/dagre.esm.js";
import { openingView } from "../../../docs/javascripts/demos/graph/layout.js";

const dagre = dagreModule.default ?? dagreModule;
const heights = {};
for (const path of process.argv.slice(2)) {
  const graph = JSON.parse(readFileSync(path, "utf-8"));
  heights[graph.name] = openingView(dagre, graph).height;
}
process.stdout.write(JSON.stringify(heights));
