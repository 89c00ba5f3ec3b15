// Material sets __md_scope to the site root, so URLs work when the site lives under a sub-path (GitHub Pages).
export function siteUrl(path) {
  const root = globalThis.__md_scope ?? new URL("/", location.href);
  return new URL(path, root).href;
}
