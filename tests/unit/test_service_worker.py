"""The service worker's precache manifest and the files the build writes for it (src/tfvisual/site/service_worker.py),
on a small site folder shaped like the built one."""

import json
import re

import pytest

from tfvisual.site.service_worker import (
    SOURCES,
    WORKBOX_WINDOW,
    ServiceWorkerBuild,
    precache_entries,
    write_service_worker,
)

NEEDED = [
    "index.html",
    "404.html",
    "cnn/draw-a-digit/index.html",
    "sitemap.xml",
    "search/search_index.json",
    "assets/javascripts/bundle.5f0a1c.min.js",
    "assets/javascripts/workers/search.a7633da7.min.js",
    "assets/stylesheets/main.57a0d79d.min.css",
    "javascripts/main.js",
    "javascripts/demos/digit/index.js",
    "stylesheets/offline.css",
    "models/digit-cnn/model.json",
    "models/digit-cnn/group1-shard1of1.bin",
    "data/weather-days.json",
    "graphs/dense.json",
    "figures/kernels/coffee.png",
    "vendor/tfjs/tfjs-IQBABKKO.js",
    "vendor/tfjs/tfjs-backend-wasm-simd-77ebb28a6d.wasm",
    "notebooks/dataflow-graphs/index.html",
]
LEFT_OUT = [
    "notebooks/dataflow-graphs/dataflow-graphs.ipynb",
    "assets/javascripts/bundle.5f0a1c.min.js.map",
    "sitemap.xml.gz",
    "vendor/tfjs/tfjs-backend-wasm-threaded-simd-c052228d4b.wasm",
    "vendor/tfjs/tfjs-backend-wasm-70a5d51606.wasm",
    "assets/screenshot.png",
]
LUNR = ["assets/javascripts/lunr/min/lunr.de.min.js", "assets/javascripts/lunr/tinyseg.js"]


def make_site(site_dir, languages=("en",)):
    for path in NEEDED + LEFT_OUT + LUNR:
        (site_dir / path).parent.mkdir(parents=True, exist_ok=True)
        (site_dir / path).write_text(f"the content of {path}")
    index = {"config": {"lang": list(languages)}, "docs": []}
    (site_dir / "search" / "search_index.json").write_text(json.dumps(index))
    return site_dir


def urls(entries) -> list[str]:
    return [entry.url for entry in entries]


def test_everything_a_page_and_its_demos_need_is_precached_and_nothing_else(tmp_path):
    assert urls(precache_entries(make_site(tmp_path))) == sorted(NEEDED)


def test_search_language_files_are_precached_when_the_search_is_not_english_only(tmp_path):
    entries = precache_entries(make_site(tmp_path, languages=("en", "de")))
    assert urls(entries) == sorted(NEEDED + LUNR)


def test_a_revision_changes_with_the_content_and_only_then(tmp_path):
    site = make_site(tmp_path)
    before = {entry.url: entry.revision for entry in precache_entries(site)}
    (site / "javascripts" / "main.js").write_text("a new build of main.js")
    after = {entry.url: entry.revision for entry in precache_entries(site)}
    assert {url for url in after if after[url] != before[url]} == {"javascripts/main.js"}


def test_the_worker_carries_the_manifest_of_files_that_exist(tmp_path):
    site = make_site(tmp_path)
    entries = write_service_worker(site)
    worker = (site / "sw.js").read_text()
    assert "__WB_MANIFEST" not in worker
    (manifest,) = re.findall(r"\[\{\"url\".*?\}\]", worker)
    assert json.loads(manifest) == [{"url": entry.url, "revision": entry.revision} for entry in entries]
    assert all((site / entry.url).is_file() for entry in entries)
    # The page side of Workbox is written first, so it is precached too (offline.js imports it on every page).
    assert WORKBOX_WINDOW in urls(entries)
    assert "sw.js" not in urls(entries)  # the browser keeps the worker itself
    assert entries[0].size == len(f"the content of {entries[0].url}")


def test_mkdocs_serve_writes_the_worker_that_removes_itself(tmp_path):
    site = make_site(tmp_path)
    assert write_service_worker(site, serving=True) == []
    assert (site / "sw.js").read_bytes() == (SOURCES / "remove-sw.js").read_bytes()
    assert (site / WORKBOX_WINDOW).is_file()


@pytest.mark.parametrize(("command", "serving"), [("serve", True), ("build", False), ("gh-deploy", False)])
def test_the_hooks_write_the_remover_only_under_mkdocs_serve(tmp_path, command, serving):
    site = make_site(tmp_path)
    build = ServiceWorkerBuild()
    build.start(command)
    build.write(str(site))
    remover = (SOURCES / "remove-sw.js").read_bytes()
    assert ((site / "sw.js").read_bytes() == remover) is serving
