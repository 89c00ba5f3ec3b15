"""Browser libraries copied from node_modules into the built site.

Nothing is fetched from a CDN: the site must work offline once served, so every library the pages use is
installed by `npm ci` (pinned in package-lock.json) and copied into `site/vendor/` at build time. TensorFlow.js is
not copied but bundled from its packages, in pieces (src/tfvisual/site/tfjs_bundle.py).
MathJax is not among them: it runs at build time only (src/tfvisual/site/math.py), and pages ship rendered math.
"""

from pathlib import Path

from tfvisual.paths import NODE_MODULES

# site path -> path under node_modules. Directories are copied whole.
VENDORED = {
    # Graph layout for the dataflow-graph viewer: a plain ES module, no imports (graphlib bundled), MIT.
    "vendor/dagre/dagre.esm.js": "@dagrejs/dagre/dist/dagre.esm.js",
}


class MissingNodeModules(RuntimeError):
    """Raised when the npm packages the site vendors are not installed."""


def vendored_files(node_modules: Path = NODE_MODULES) -> dict[str, Path]:
    """Map every site path of a vendored file to its source file under node_modules."""
    files: dict[str, Path] = {}
    for site_path, source in VENDORED.items():
        path = node_modules / source
        if not path.exists():
            raise MissingNodeModules(
                f"{path} is missing: the site vendors its browser libraries from node_modules. "
                "Run `npm ci` (or `make site`) in the repository root first."
            )
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                files[f"{site_path}/{child.relative_to(path).as_posix()}"] = child
        else:
            files[site_path] = path
    return files
