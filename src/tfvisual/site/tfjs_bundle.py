"""TensorFlow.js for the site, built from its npm packages in pieces (so a page fetches only what this device runs).

esbuild bundles three entry points (src/tfvisual/site/tfjs/) with code splitting into content-hashed ES modules:

- ``core``: tfjs-core, tfjs-layers and the plain JavaScript backend: what every demo starts on;
- ``webgl``: the WebGL backend, fetched only where WebGL is a candidate (a real GPU, or ``?backend=webgl``);
- ``wasm``: the WebAssembly backend, fetched only where WebAssembly is a candidate; its ``.wasm`` binaries are
  copied with a content hash in their names too.

Code they share (most of tfjs-core) lands in a ``shared-<hash>.js`` chunk that the entries import. The file names
change only when the bytes do, so a browser or the service worker can keep them for as long as it likes. The
runtime finds them through a small generated module, ``javascripts/tfjs-chunks.js``.
"""

import hashlib
import json
from functools import cache
from pathlib import Path

from tfvisual.paths import NODE_MODULES, REPO_ROOT
from tfvisual.site.esbuild import bundle

SOURCES = Path(__file__).with_name("tfjs")
ENTRIES = {"core": "tfjs.js", "webgl": "tfjs-webgl.js", "wasm": "tfjs-wasm.js"}
OUT_DIR = "vendor/tfjs"
WASM_DIR = NODE_MODULES / "@tensorflow" / "tfjs-backend-wasm" / "dist"
# TF.js asks for its binaries by these names; setWasmPaths takes a URL for each (all three, even the threaded one
# that this site never uses: threads need cross-origin isolation headers a static host cannot send).
WASM_BINARIES = ("tfjs-backend-wasm.wasm", "tfjs-backend-wasm-simd.wasm", "tfjs-backend-wasm-threaded-simd.wasm")
CHUNKS_MODULE = "javascripts/tfjs-chunks.js"


def tfjs_files() -> dict[str, bytes]:
    """Site path -> bytes of every TF.js file the site serves, plus the module that names them."""
    inputs = [*sorted(SOURCES.glob("*.js")), REPO_ROOT / "package-lock.json"]
    return dict(_build(tuple((str(path), path.stat().st_mtime_ns) for path in inputs)))


@cache
def _build(inputs: tuple[tuple[str, int], ...]) -> tuple[tuple[str, bytes], ...]:
    """Cached on the sources' and the lock file's modification times: `mkdocs serve` rebuilds often."""
    built = bundle(
        [SOURCES / name for name in ENTRIES.values()],
        ["--format=esm", "--splitting", "--entry-names=[name]-[hash]", "--chunk-names=shared-[hash]"],
    )
    files = {f"{OUT_DIR}/{path}": content for path, content in built.files.items()}
    by_entry = {Path(o["entryPoint"]).name: path for path, o in built.metafile["outputs"].items() if "entryPoint" in o}
    chunks = {name: f"{OUT_DIR}/{by_entry[source]}" for name, source in ENTRIES.items()}
    binaries = {}
    for name in WASM_BINARIES:
        content = (WASM_DIR / name).read_bytes()
        hashed = f"{OUT_DIR}/{name.removesuffix('.wasm')}-{hashlib.sha256(content).hexdigest()[:10]}.wasm"
        files[hashed] = content
        binaries[name] = hashed
    module = (
        "// Generated at build time (src/tfvisual/site/tfjs_bundle.py): the content-hashed TF.js files, as paths\n"
        "// from the site root.\n"
        f"export const TFJS = {json.dumps({**chunks, 'wasmBinaries': binaries}, indent=2)};\n"
    )
    files[CHUNKS_MODULE] = module.encode()
    return tuple(files.items())
