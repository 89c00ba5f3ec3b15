// The drawing as it is on screen, as a standalone SVG file (DOM only). The page's stylesheet does not travel with
// a file, so each element takes the computed values of the properties that draw it (in the current light or dark
// scheme) as attributes of its own.

const DRAWN = ["fill", "stroke", "stroke-width", "stroke-dasharray", "opacity", "font-family", "font-size", "font-weight"];

export function standaloneSvg(svg, title) {
  const copy = svg.cloneNode(true);
  const originals = [svg, ...svg.querySelectorAll("*")];
  const copies = [copy, ...copy.querySelectorAll("*")];
  originals.forEach((original, i) => {
    const style = getComputedStyle(original);
    copies[i].setAttribute("style", DRAWN.map((name) => `${name}: ${style.getPropertyValue(name)}`).join("; "));
    copies[i].removeAttribute("tabindex");
    copies[i].removeAttribute("class");
  });
  const { width, height } = svg.getBoundingClientRect();
  copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  copy.setAttribute("width", String(Math.round(width)));
  copy.setAttribute("height", String(Math.round(height)));
  copy.setAttribute("viewBox", `0 0 ${Math.round(width)} ${Math.round(height)}`);
  const background = document.createElementNS("http://www.w3.org/2000/svg", "rect");
  background.setAttribute("width", "100%");
  background.setAttribute("height", "100%");
  background.setAttribute("fill", getComputedStyle(svg.closest(".tfv-graph") ?? svg).getPropertyValue("--md-default-bg-color") || "white");
  copy.prepend(background);
  const heading = document.createElementNS("http://www.w3.org/2000/svg", "title");
  heading.textContent = title;
  copy.prepend(heading);
  return new XMLSerializer().serializeToString(copy);
}

// Offers `text` to the reader as a file download named `filename`.
export function download(text, filename, type = "image/svg+xml") {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = Object.assign(document.createElement("a"), { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
