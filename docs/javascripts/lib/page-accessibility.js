// Accessibility fixes for elements that Material for MkDocs and mkdocs-jupyter create, which no template or
// stylesheet can reach. Everything that can be fixed in markup or CSS is fixed there instead
// (overrides/partials/*.html, docs/stylesheets/site.css); tests/browser/test_accessibility.py runs axe-core on
// every page in both colour schemes and names the rule each fix is for.
//
// Runs on every page Material shows: `document$` announces the first page and each instant navigation.

// Material wraps each code block's copy button in a <nav class="md-code__nav"> that it creates at run time.
// <nav> is a navigation landmark, so a page with four code blocks gained four unnamed "navigation" landmarks
// that screen-reader users meet in their landmark list (axe: landmark-unique). A copy button is not
// navigation: role="none" keeps the element and its button but drops the landmark.
function unlandmarkCodeButtons(root) {
  for (const nav of root.querySelectorAll("nav.md-code__nav:not([role])")) nav.setAttribute("role", "none");
}

// Notebook code cells scroll sideways when a line is longer than the column, and so do Material's table wrappers
// when a table is wider than the page (a narrow window, or a page zoomed to 200%). A region that scrolls must be
// reachable by keyboard, or keyboard users cannot read what is beyond its edge (axe:
// scrollable-region-focusable). Like Material does for its own code blocks, such a region becomes focusable
// (and then needs a name: role="group" with a label saying what it is) only while it actually overflows; a
// ResizeObserver re-checks whenever its size changes (the window, and so the column, changed width).
// Material's code blocks are left to Material, which makes them focusable where there is a pointer that hovers.
const SCROLLING_REGIONS = [
  [".jupyter-wrapper .highlight-ipynb", "Code cell"],
  [".md-typeset__scrollwrap", "Table"],
];

function updateScrollable(region) {
  if (region.scrollWidth > region.clientWidth) {
    region.setAttribute("tabindex", "0");
    region.setAttribute("role", "group");
    region.setAttribute("aria-label", region.dataset.tfvLabel);
  } else {
    for (const name of ["tabindex", "role", "aria-label"]) region.removeAttribute(name);
  }
}

let regionObserver = null;

function keyboardScrollableRegions(root) {
  regionObserver?.disconnect(); // the previous page's regions are gone
  regionObserver = new ResizeObserver((entries) => {
    for (const entry of entries) updateScrollable(entry.target);
  });
  for (const [selector, noun] of SCROLLING_REGIONS) {
    const regions = [...root.querySelectorAll(selector)];
    regions.forEach((region, index) => {
      region.dataset.tfvLabel = `${noun} ${index + 1} of ${regions.length} (scrolls sideways)`;
      regionObserver.observe(region); // calls back once straight away, then on every change of size
    });
  }
}

function onPage() {
  // Material adds the copy buttons and table wrappers in its own `document$` subscriber, which runs before this
  // one (it subscribed first). The microtask is for safety should that order ever change: it runs after all
  // subscribers have handled the page.
  queueMicrotask(() => {
    unlandmarkCodeButtons(document);
    keyboardScrollableRegions(document);
  });
}

globalThis.document$.subscribe(onPage);
