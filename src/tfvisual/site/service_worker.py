"""The service worker that keeps the site working offline after one visit (docs/javascripts/offline.js registers it).

Written once the build has written every other file (the `on_post_build` hook), from what is really in the site
folder: every file a reader needs offline is listed with a content revision (the md5 of its bytes) in Workbox's
precache manifest, and the worker (``service-worker/sw.js`` bundled with Workbox's npm modules by esbuild) is
written with that list as ``sw.js`` at the site root, so its scope is the whole site. A new build changes the
revisions of the files that changed, and so the bytes of sw.js: the browser installs the new worker, which fetches
only those files.

`mkdocs serve` writes ``service-worker/remove-sw.js`` as sw.js instead: a worker that removes any caching worker an
earlier build installed at the same address, so a page being edited is never answered from a cache.

Both modes also write the page side of Workbox (``workbox-window``, bundled from npm) that offline.js imports.
"""

import hashlib
import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from mkdocs.exceptions import PluginError

from tfvisual.site.esbuild import bundle

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

SOURCES = Path(__file__).with_name("service-worker")
WORKER = "sw.js"
WORKBOX_WINDOW = "vendor/workbox/workbox-window.js"
# What the worker's source reads its manifest from; replaced, after bundling, by the manifest as JSON.
MANIFEST_PLACEHOLDER = "self.__WB_MANIFEST"
# Workbox's modules test process.env.NODE_ENV to keep or drop their development logging.
PRODUCTION = '--define:process.env.NODE_ENV="production"'

# Files a reader never needs offline, each large enough to weigh on a phone's first visit.
NOT_PRECACHED = [
    re.compile(r"\.ipynb$"),  # the notebooks' download copies (their pages are precached)
    re.compile(r"\.map$"),  # source maps, read only by developer tools
    re.compile(r"\.gz$"),  # sitemap.xml.gz, for search engines (sitemap.xml, read by instant navigation, stays)
    # Never used: WebAssembly threads need cross-origin isolation headers that a static host cannot send.
    re.compile(r"(^|/)tfjs-backend-wasm-threaded-simd(-[0-9a-f]+)?\.wasm$"),
    # WebAssembly without SIMD, for browsers from before SIMD (Safari before 16.4): offline, their demos run on
    # plain JavaScript, the backend every demo starts on.
    re.compile(r"(^|/)tfjs-backend-wasm(-[0-9a-f]+)?\.wasm$"),
    re.compile(r"^assets/screenshot\.png$"),  # the README's screenshot; no page shows it
]
# Material's search loads these only for languages other than English (its worker imports none for "en").
SEARCH_LANGUAGE_FILES = re.compile(r"^assets/javascripts/lunr/")


@dataclass(frozen=True)
class PrecacheEntry:
    url: str  # relative to sw.js, that is to the site root
    revision: str  # md5 of the file's bytes
    size: int  # bytes


def precache_entries(site_dir: Path) -> list[PrecacheEntry]:
    """Every file of the built site a reader needs offline, with its revision, in path order."""
    english_only = search_languages(site_dir) == ["en"]
    entries = []
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        site_path = path.relative_to(site_dir).as_posix()
        if site_path == WORKER or any(pattern.search(site_path) for pattern in NOT_PRECACHED):
            continue
        if english_only and SEARCH_LANGUAGE_FILES.search(site_path):
            continue
        content = path.read_bytes()
        entries.append(
            PrecacheEntry(quote(site_path), hashlib.md5(content, usedforsecurity=False).hexdigest(), len(content))
        )
    return entries


def search_languages(site_dir: Path) -> list[str]:
    """The languages Material's search indexes, from the index the build wrote."""
    index = site_dir / "search" / "search_index.json"
    return json.loads(index.read_text())["config"]["lang"] if index.exists() else []


def write_service_worker(site_dir: Path, serving: bool = False) -> list[PrecacheEntry]:
    """Write sw.js (the remover under `mkdocs serve`) and Workbox's page module into the built site_dir.

    Returns what the worker precaches (nothing under `mkdocs serve`).
    """
    _write(site_dir / WORKBOX_WINDOW, bundle([SOURCES / "workbox-window.js"], ["--format=esm", PRODUCTION]))
    if serving:
        (site_dir / WORKER).write_bytes((SOURCES / "remove-sw.js").read_bytes())
        return []
    entries = precache_entries(site_dir)
    manifest = json.dumps([{"url": e.url, "revision": e.revision} for e in entries], separators=(",", ":"))
    worker = _single_file(bundle([SOURCES / WORKER], ["--format=iife", PRODUCTION])).decode()
    if worker.count(MANIFEST_PLACEHOLDER) != 1:
        raise PluginError(f"the bundled service worker should read {MANIFEST_PLACEHOLDER} exactly once")
    (site_dir / WORKER).write_text(worker.replace(MANIFEST_PLACEHOLDER, manifest), encoding="utf-8")
    return entries


class ServiceWorkerBuild:
    """What the hooks hold: `on_startup` says whether this is `mkdocs serve`, `on_post_build` writes the worker.

    MkDocs loads a hooks module once per process, so what `on_startup` sets here lasts through every rebuild of
    `mkdocs serve`.
    """

    def __init__(self):
        self.serving = False

    def start(self, command: str) -> None:
        self.serving = command == "serve"

    def write(self, site_dir: str | Path) -> None:
        entries = write_service_worker(Path(site_dir), self.serving)
        if self.serving:
            log.info("sw.js removes any service worker an earlier build installed here (mkdocs serve)")
        else:
            megabytes = sum(entry.size for entry in entries) / 1e6
            log.info(f"sw.js precaches {len(entries)} files, {megabytes:.2f} MB")


def _single_file(built) -> bytes:
    (content,) = built.files.values()
    return content


def _write(path: Path, built) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_single_file(built))
