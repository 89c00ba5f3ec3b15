// Loading TensorFlow.js itself, in pieces, from this site's own vendor/ folder (never from a CDN). The build
// bundles TF.js from its npm packages into content-hashed ES modules (src/tfvisual/site/tfjs_bundle.py) and
// names them in the generated tfjs-chunks.js: the core (ops, layers and the plain JavaScript backend) that every
// demo starts on, and one chunk per extra backend, fetched only when that backend is a candidate on this device.

import { siteUrl } from "./lib/site-url.js";
import { TFJS } from "./tfjs-chunks.js";

export { siteUrl };

// One promise per library, forgotten on failure so that a retry can try again.
export function once(loader) {
  let promise = null;
  return () => {
    promise ??= loader().catch((error) => {
      promise = null;
      throw error;
    });
    return promise;
  };
}

async function importChunk(path) {
  try {
    return await import(siteUrl(path));
  } catch (error) {
    throw new Error(`Could not load ${path.split("/").pop()} (${error.message})`);
  }
}

// The core, once per visit. It is also `globalThis.tf`, where demos (and a curious reader's console) find it.
export const loadTf = once(async () => {
  globalThis.tf ??= await importChunk(TFJS.core);
  return globalThis.tf;
});

// Importing a backend's chunk registers that backend with the core.
const loadWebgl = once(async () => {
  await loadTf();
  await importChunk(TFJS.webgl);
});

const loadWasm = once(async () => {
  await loadTf();
  const wasm = await importChunk(TFJS.wasm);
  // The .wasm binaries are fetched from this site, under their content-hashed names.
  const binaries = Object.entries(TFJS.wasmBinaries).map(([name, path]) => [name, siteUrl(path)]);
  wasm.setWasmPaths(Object.fromEntries(binaries));
});

// Makes `name` ("cpu", "wasm" or "webgl") available to tf.setBackend, fetching its chunk if it has one.
export async function loadBackend(name) {
  await loadTf();
  if (name === "webgl") await loadWebgl();
  if (name === "wasm") await loadWasm();
}
