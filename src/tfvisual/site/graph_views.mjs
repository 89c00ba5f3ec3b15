// What the site build writes for each graph viewer before its code runs, computed by the viewer's own code: the
// height its canvas opens at (layout.js, dagre) and the line above it (intro.js).
//   node graph_views.mjs graphs/a.json ... -> {"a": {"height": 454, "title": "…", "counts": "…", "pbtxt": "a.pbtxt", "scopes": false}}
import { readFileSync } from "node:fs";
import * as dagreModule from "../../../node_modules/@dagrejs/dagre/dist/dagre.esm.js";
import { countsText } from "../../../docs/javascripts/demos/graph/intro.js";
import { openingView } from "../../../docs/javascripts/demos/graph/layout.js";

const dagre = dagreModule.default ?? dagreModule;
const views = {};
for (const path of process.argv.slice(2)) {
  const graph = JSON.parse(readFileSync(path, "utf-8"));
  const opening = openingView(dagre, graph);
  views[graph.name] = {
    height: opening.height,
    title: graph.title,
    counts: countsText(graph, new Set(opening.collapsed)),
    pbtxt: graph.pbtxt,
    // Whether the bar of name-scope buttons shows (controls.js setScopes): the frame reserves its fixed height.
    scopes: new Set([...opening.visible.clusters.map((c) => c.scope), ...opening.collapsed]).size > 0,
  };
}
process.stdout.write(JSON.stringify(views));
