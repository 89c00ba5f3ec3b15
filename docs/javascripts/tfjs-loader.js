// Loading TensorFlow.js itself: the library (1.5 MB, only on pages with a demo, once per visit) and its
// WebAssembly backend, from this site's own vendor/ folder, never from a CDN.

// Material sets __md_scope to the site root, so URLs work when the site lives under a sub-path (GitHub Pages).
export function siteUrl(path) {
  const root = globalThis.__md_scope ?? new URL("/", location.href);
  return new URL(path, root).href;
}

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.onload = () => resolve();
    script.onerror = () => {
      script.remove();
      reject(new Error(`Could not load ${src}`));
    };
    document.head.append(script);
  });
}

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

// TF.js is 1.5 MB, so it is loaded only by pages that have a demo, and only once per visit.
export const loadTf = once(async () => {
  if (!globalThis.tf) await loadScript(siteUrl("vendor/tfjs/tf.min.js"));
  return globalThis.tf;
});

export const loadWasmBackend = once(async () => {
  const tf = await loadTf();
  if (!tf.wasm) await loadScript(siteUrl("vendor/tfjs/tf-backend-wasm.min.js"));
  // The .wasm binaries are fetched from this folder of our own site, never from a CDN.
  tf.wasm.setWasmPaths(siteUrl("vendor/tfjs/"));
});
