// MathJax reads this object when its script (vendored from npm into site/vendor/mathjax) starts.
// Arithmatex wraps formulas in \( \) and \[ \] inside elements of class "arithmatex".
window.MathJax = {
  tex: { inlineMath: [["\\(", "\\)"]], displayMath: [["\\[", "\\]"]], processEscapes: true, processEnvironments: true },
  options: { ignoreHtmlClass: ".*|", processHtmlClass: "arithmatex" },
  // Fonts come from the vendored folder next to the script: nothing is fetched from another origin.
  chtml: { fontURL: new URL("../vendor/mathjax/output/chtml/fonts/woff-v2", document.currentScript.src).href },
};

// Instant navigation swaps the page without reloading: typeset the new content each time.
document$.subscribe(() => {
  if (window.MathJax.startup?.output) {
    MathJax.startup.output.clearCache();
    MathJax.typesetClear();
    MathJax.texReset();
    MathJax.typesetPromise();
  }
});
