// Math is typeset by MathJax, vendored from npm into site/vendor/mathjax (never a CDN). Its script is 1.1 MB,
// so it is loaded only once a page with math (Arithmatex wraps formulas in elements of class "arithmatex")
// is shown, and then typesets each new page that instant navigation brings in.

const root = () => globalThis.__md_scope ?? new URL("/", location.href);

window.MathJax = {
  tex: { inlineMath: [["\\(", "\\)"]], displayMath: [["\\[", "\\]"]], processEscapes: true, processEnvironments: true },
  options: { ignoreHtmlClass: ".*|", processHtmlClass: "arithmatex" },
  // Fonts come from the vendored folder too: nothing is fetched from another origin.
  chtml: { fontURL: new URL("vendor/mathjax/output/chtml/fonts/woff-v2", root()).href },
};

let loading = null;

document$.subscribe(() => {
  if (!document.querySelector(".arithmatex")) return;
  if (window.MathJax.startup?.output) {
    // Already loaded: typeset the content instant navigation just swapped in.
    MathJax.startup.output.clearCache();
    MathJax.typesetClear();
    MathJax.texReset();
    MathJax.typesetPromise();
  } else if (!loading) {
    // The first page with math: MathJax typesets the page itself once its script has loaded.
    loading = document.createElement("script");
    loading.src = new URL("vendor/mathjax/tex-chtml.js", root()).href;
    loading.async = true;
    document.head.append(loading);
  }
});
