// Renders TeX to SVG at build time, so pages ship finished math and the browser runs no MathJax.
//
// One process serves a whole `mkdocs build` (src/tfvisual/site/math.py starts it and talks to it):
// it answers JSON lines on stdin with JSON lines on stdout, in order.
//   first line out: {"stylesheet": "<the CSS the SVG output needs>"}
//   in:  {"tex": "c_{ij} = \\sum_p a_{ip} b_{pj}", "display": false}
//   out: {"html": "<mjx-container ...><svg ...>...</svg><mjx-assistive-mml>...</mjx-assistive-mml></mjx-container>"}
//        or {"error": "Undefined control sequence \\foo"} when MathJax cannot parse the formula.
//
// The SVG draws its glyphs as paths (no font files to load) in currentColor, so it follows the text colour
// of the light and dark schemes. It is hidden from screen readers (aria-hidden), which read the MathML copy
// that the assistive-mml extension puts beside it instead.

import { createInterface } from "node:readline";

import mathjaxPackage from "mathjax"; // the npm package pinned in package.json (es5/node-main.js)

const MathJax = await mathjaxPackage.init({
  loader: { load: ["input/tex", "output/svg", "a11y/assistive-mml"] },
  tex: {
    // Without "noundefined" an unknown command (a typo such as \sumx) is an error instead of red text.
    packages: { "[-]": ["noundefined"] },
    // MathJax's default turns a parse error into red text in the output; here it must fail the build.
    formatError: (jax, error) => {
      throw error;
    },
  },
  // Each formula carries its own glyph definitions, with ids unique across the build (one process).
  svg: { fontCache: "local" },
});

const adaptor = MathJax.startup.adaptor;
const reply = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);

reply({ stylesheet: adaptor.textContent(MathJax.svgStylesheet()) });

// Requests are answered one at a time, in the order they came: the caller waits for each answer.
let queue = Promise.resolve();
createInterface({ input: process.stdin, crlfDelay: Infinity }).on("line", (line) => {
  queue = queue.then(async () => {
    try {
      const { tex, display } = JSON.parse(line);
      // The promise form lets MathJax load a TeX extension a formula asks for (\boldsymbol, \color, ...).
      const node = await MathJax.tex2svgPromise(tex, { display });
      reply({ html: adaptor.outerHTML(node) });
    } catch (error) {
      reply({ error: error.message ?? String(error) });
    }
  });
});
