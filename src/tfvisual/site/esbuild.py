"""esbuild, the bundler the build runs (an npm devDependency, pinned in package-lock.json).

The site's browser code that comes from npm packages in pieces (TensorFlow.js in chunks, the service worker's
Workbox modules) is bundled at build time, never fetched from a CDN. ``bundle`` runs esbuild into a temporary
folder and returns every file it wrote with its bytes and esbuild's metafile, so a hook can add the files to the
build as generated files.
"""

import json
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from mkdocs.exceptions import PluginError

from tfvisual.paths import NODE_MODULES, REPO_ROOT

ESBUILD = NODE_MODULES / ".bin" / "esbuild"


@dataclass(frozen=True)
class Bundle:
    files: dict[str, bytes]  # path relative to the output folder -> content
    metafile: dict  # esbuild's metafile: which entry point became which output file, and each output's inputs


def bundle(entry_points: list[Path], options: list[str]) -> Bundle:
    """Bundle `entry_points` with esbuild (minified) plus `options`; fails the build with esbuild's message."""
    if not ESBUILD.exists():
        raise PluginError(f"{ESBUILD} is missing: run `npm ci` (or `make site`) in the repository root first.")
    with tempfile.TemporaryDirectory() as out:
        metafile = Path(out) / "meta.json"
        outdir = Path(out) / "files"
        command = [
            str(ESBUILD),
            *map(str, entry_points),
            "--bundle",
            "--minify",
            "--log-level=warning",
            f"--outdir={outdir}",
            f"--metafile={metafile}",
            *options,
        ]
        result = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True)
        if result.returncode != 0:
            raise PluginError(f"esbuild failed:\n{result.stderr}")
        files = {p.relative_to(outdir).as_posix(): p.read_bytes() for p in sorted(outdir.rglob("*")) if p.is_file()}
        meta = json.loads(metafile.read_text())
        # esbuild names outputs relative to its working directory (the repository root): make them relative to
        # the output folder, as in `files`.
        meta["outputs"] = {_relative(path, outdir): value for path, value in meta["outputs"].items()}
        return Bundle(files=files, metafile=meta)


def _relative(path: str, outdir: Path) -> str:
    return (REPO_ROOT / path).resolve().relative_to(outdir.resolve()).as_posix()
