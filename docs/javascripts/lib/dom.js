// The one DOM builder every demo uses, the loader for a demo's own stylesheet, and the pieces every demo's page
// builds the same way: headings that continue the page's outline, and the message that explains a bad value.

// el("button", {type: "button", class: "md-button"}, "Clear") -> <button type="button" class="md-button">Clear</button>.
// Attributes are set as written (so `data-*`, `aria-*` and `role` work the same way); `text` becomes textContent.
export function el(tag, attributes = {}, text) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

// A demo's CSS is loaded by the demo, only on the pages that have it: a stylesheet in every page's <head> would
// block the first paint of pages that never use it. Resolves once the rules apply, so the demo is never laid
// out unstyled (which would make the page jump when the styles arrive); one <link> per URL, however many mounts.
const stylesheets = new Map();

export function loadStylesheet(url) {
  const href = new URL(url, location.href).href;
  if (!stylesheets.has(href)) {
    const loaded = new Promise((resolve, reject) => {
      const link = el("link", { rel: "stylesheet", href });
      link.onload = () => resolve();
      link.onerror = () => {
        link.remove();
        stylesheets.delete(href);
        reject(new Error(`The demo's styles could not be loaded (${href.split("/").pop()}).`));
      };
      document.head.append(link);
    });
    stylesheets.set(href, loaded);
  }
  return stylesheets.get(href);
}

// The heading level that continues the page's outline at `element`: one below the closest heading before it.
// A demo's headings then never jump (an h1 followed by an h4 confuses screen-reader navigation).
export function headingLevelAt(element) {
  // The page's own headings only: a heading inside another demo (a graph viewer's loop body) is that demo's.
  const headings = [...document.querySelectorAll("article h1, article h2, article h3, article h4, article h5")].filter(
    (heading) => !heading.closest("[data-demo]"),
  );
  const before = headings.filter((h) => h.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING);
  const last = before.at(-1);
  return Math.min(6, last ? Number(last.tagName[1]) + 1 : 2);
}

// A heading of a demo, at the level `headingLevelAt` gave.
export function heading(level, text) {
  return el(`h${level}`, { class: "tfv-demo-heading" }, text);
}

// Shows `text` under a field (or clears it with ""): the field is marked invalid while a message explains it, so a
// screen reader says "invalid" and reads the message the field points to with aria-describedby.
export function showFieldMessage(input, message, text) {
  message.textContent = text;
  message.classList.toggle("tfv-error", Boolean(text));
  if (text) input.setAttribute("aria-invalid", "true");
  else input.removeAttribute("aria-invalid");
}
