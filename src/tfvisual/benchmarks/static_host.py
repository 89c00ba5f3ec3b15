"""The built site served on loopback as a static host serves it: gzip-compressed.

A small threaded server sends HTML, JavaScript, CSS, JSON, SVG and WebAssembly gzip-compressed at level 6 to a
browser that accepts gzip (Python's http.server sends everything raw: TF.js alone would weigh 4× what a reader
downloads, and Lighthouse's simulated phone would wait for bytes no reader waits for). Model weights (.bin) and
images go raw, as hosts send them. It speaks HTTP/1.1 with keep-alive; a real host would speak HTTP/2. The
benchmarks that time what a reader waits for (phone.py, and Lighthouse in scripts/bench_page_quality.py) use it.
"""

import gzip
import io
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from functools import partial
from pathlib import Path
from urllib.parse import urlparse

from tfvisual.benchmarks.page_quality import GZIP_LEVEL
from tfvisual.local_site import QuietHandler, build_site, free_port, serve

COMPRESSED_SUFFIXES = (".html", ".js", ".css", ".json", ".svg", ".wasm")


def gzip_bytes(content: bytes) -> bytes:
    return gzip.compress(content, compresslevel=GZIP_LEVEL, mtime=0)


def compress_site(site_dir: Path) -> dict[Path, bytes]:
    """Every compressible file of the site, compressed once up front, so that no request waits for the compressor."""
    files = (path for path in site_dir.rglob("*") if path.suffix in COMPRESSED_SUFFIXES and path.is_file())
    return {path.resolve(): gzip_bytes(path.read_bytes()) for path in files}


class GzipHandler(QuietHandler):
    """Serves a site like a static host: compressible files gzip-compressed for browsers that accept gzip."""

    protocol_version = "HTTP/1.1"  # keep-alive, as browsers and hosts use it (every response has a Content-Length)

    def __init__(self, *args, compressed: dict[Path, bytes], **kwargs):
        self.compressed = compressed  # set first: the base class handles the request inside __init__
        super().__init__(*args, **kwargs)

    def handle(self):
        # The browser closing a kept-alive connection it no longer needs is not an error.
        with suppress(ConnectionError):  # reset, aborted or a broken pipe
            super().handle()

    def send_head(self):
        path = Path(self.translate_path(self.path)).resolve()
        if path.is_dir() and urlparse(self.path).path.endswith("/"):
            path = path / "index.html"
        body = self.compressed.get(path)
        if body is None or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()  # raw, or the base class's redirect to a folder's slash, or its 404
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))  # .js and .wasm as QuietHandler maps them
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)


@contextmanager
def serve_gzipped(site_dir: Path, port: int) -> Iterator[str]:
    """Serve site_dir on 127.0.0.1:port as a static host would; yields the origin (no trailing slash)."""
    handler = partial(GzipHandler, directory=str(site_dir), compressed=compress_site(site_dir))
    with serve(site_dir, port, handler) as origin:
        yield origin


@contextmanager
def served_site(site_dir: Path | None = None, origin: str | None = None) -> Iterator[tuple[Path, str]]:
    """Serve a site as a static host would; yields (its folder, its origin). Given no site_dir, builds the working
    tree's site for a free loopback port first; a given site_dir must have been built for `origin` (SITE_URL)."""
    with tempfile.TemporaryDirectory() as scratch:
        if site_dir is None:
            site_dir, port = Path(scratch), free_port()
            print("building the site…", flush=True)
            build_site(site_dir, f"http://127.0.0.1:{port}")
        else:
            port = urlparse(origin).port
        with serve_gzipped(site_dir, port) as served:
            yield site_dir, served
