// A JSON file of the site (a model card, a saved result), fetched from the site root so the site works under a
// sub-path, with a failure a reader can understand: the file's name and the HTTP status, shown in place by the
// demo that needed it.

import { siteUrl } from "../tfjs-loader.js";

// `path` from the site root, as "models/char-rnn/card.json"; `signal` cancels the download when the reader leaves.
export async function fetchJson(path, signal) {
  const response = await fetch(siteUrl(path), { signal });
  if (!response.ok) throw new Error(`${path.split("/").pop()} could not be downloaded (HTTP ${response.status})`);
  return response.json();
}
