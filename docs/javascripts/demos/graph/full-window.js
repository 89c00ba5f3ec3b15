// Full-window mode (DOM only): the viewer fills the window as a modal dialog. The rest of the page becomes inert, so
// Tab and a screen reader stay in the viewer and no key reaches what is hidden under it; the page keeps its length
// and does not scroll underneath; leaving puts the reader back where they were.

const PAGE_CLASS = "tfv-graph-full-window"; // on <html> while a viewer fills the window: the page must not scroll

export function createFullWindow(root, holder, label) {
  let saved = null; // while on: {scrollY, minHeight, inert: the elements this made inert}

  function enter() {
    if (saved) return;
    const inert = [];
    for (let node = root; node.parentElement && node !== document.body; node = node.parentElement) {
      for (const sibling of node.parentElement.children) {
        if (sibling !== node && !sibling.inert) {
          sibling.inert = true;
          inert.push(sibling);
        }
      }
    }
    saved = { scrollY: window.scrollY, minHeight: holder.style.minHeight, inert };
    holder.style.minHeight = `${holder.getBoundingClientRect().height}px`; // the viewer leaves the flow; its room stays
    root.classList.add("is-full-window");
    root.setAttribute("role", "dialog");
    root.setAttribute("aria-modal", "true");
    root.setAttribute("aria-label", label);
    document.documentElement.classList.add(PAGE_CLASS);
  }

  function leave() {
    if (!saved) return;
    for (const element of saved.inert) element.inert = false;
    holder.style.minHeight = saved.minHeight;
    for (const name of ["role", "aria-modal", "aria-label"]) root.removeAttribute(name);
    root.classList.remove("is-full-window");
    document.documentElement.classList.remove(PAGE_CLASS);
    window.scrollTo(window.scrollX, saved.scrollY);
    saved = null;
  }

  return { enter, leave, isOn: () => saved !== null };
}
