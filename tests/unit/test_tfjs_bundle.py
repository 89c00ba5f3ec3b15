"""TensorFlow.js is bundled from its npm packages into three content-hashed entry points (core with layers and the
plain JavaScript backend, WebGL, WebAssembly) and the chunk they share; a generated module names each file."""

import json
import re

from tfvisual.site.tfjs_bundle import CHUNKS_MODULE, WASM_BINARIES, _build, tfjs_files


def chunk_paths(files: dict[str, bytes]) -> dict:
    source = files[CHUNKS_MODULE].decode()
    return json.loads(re.search(r"export const TFJS = (\{.*\});", source, re.S).group(1))


def test_every_named_file_is_built_and_content_hashed():
    files = tfjs_files()
    paths = chunk_paths(files)
    assert set(paths) == {"core", "webgl", "wasm", "wasmBinaries"}
    assert set(paths["wasmBinaries"]) == set(WASM_BINARIES)
    for path in [paths["core"], paths["webgl"], paths["wasm"], *paths["wasmBinaries"].values()]:
        assert path in files and re.search(r"-[A-Za-z0-9]{8,10}\.(js|wasm)$", path), path


def test_the_backends_are_separate_from_the_core():
    files = tfjs_files()
    paths = chunk_paths(files)
    core, webgl, wasm = (files[paths[name]].decode() for name in ("core", "webgl", "wasm"))
    # The WebGL backend's shader code and the WASM backend's loader live only in their own chunks.
    assert "gl_FragColor" not in core and "outputColor" in webgl
    assert "WebAssembly" in wasm and "WebAssembly.instantiate" not in core
    # Each entry imports the shared chunk instead of carrying its own copy of the core.
    shared = [path for path in files if "/shared-" in path]
    assert len(shared) == 1
    for entry in (core, webgl, wasm):
        assert shared[0].rsplit("/", 1)[1] in entry


def test_the_same_sources_give_the_same_bytes():
    first = tfjs_files()
    _build.cache_clear()  # bundle again, not the cached result
    assert tfjs_files() == first
