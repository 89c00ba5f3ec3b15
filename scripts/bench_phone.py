"""Time the site on a simulated mid-range phone: how long a reader waits for a page's first demo, and the bytes.

    .venv/bin/python scripts/bench_phone.py                     # builds the working tree's site
    .venv/bin/python scripts/bench_phone.py --site-dir DIR --origin http://127.0.0.1:PORT --out FILE

Builds the site for a free loopback port (or takes a site already built with SITE_URL=ORIGIN/), serves it
gzip-compressed as a static host does, and opens the home page and every page with a demo, cold, as a phone
(390 × 844, touch, CPU slowed 4×, 40 ms and 1.25 MB/s network): the time from navigation to the first demo being
ready (the home page: to its load event), the JavaScript and WebAssembly fetched by then, everything fetched by
then, and everything fetched once all the page's demos have settled. The setup and why are in
src/tfvisual/benchmarks/phone.py. Writes scripts/results/phone.json with the machine, the Chromium version and
the size of each TF.js file raw and gzipped. 3 runs per page (medians kept) take several minutes, as every
visit waits until the whole page has settled. Run it on a quiet machine: a busy one slows the throttled CPU
further. This is a benchmark that saves numbers, not a test.
"""

import argparse
import json
from contextlib import ExitStack
from pathlib import Path

from playwright.sync_api import sync_playwright

from tfvisual.benchmarks.page_quality import demo_pages, site_path
from tfvisual.benchmarks.phone import page_result, setup, summarise, tfjs_file_sizes, visit
from tfvisual.benchmarks.static_host import served_site
from tfvisual.local_site import chromium_launch_args
from tfvisual.machine import describe_machine
from tfvisual.paths import RESULTS_DIR


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site-dir", type=Path, help="a site already built (with SITE_URL set to --origin)")
    parser.add_argument("--origin", help="where --site-dir was built to be served, e.g. http://127.0.0.1:8765")
    parser.add_argument("--runs", type=int, default=3, help="cold visits per page (each time's median kept)")
    parser.add_argument("--pages", nargs="+", help='only these pages, e.g. "/" cnn/draw-a-digit/ (default: all)')
    parser.add_argument("--out", type=Path, default=RESULTS_DIR / "phone.json")
    args = parser.parse_args()
    if (args.site_dir is None) != (args.origin is None):
        parser.error("--site-dir and --origin go together: the site's links are built for its origin")

    paths = [site_path(page) for page in args.pages] if args.pages else ["", *demo_pages()]
    with ExitStack() as stack:
        site_dir, origin = stack.enter_context(served_site(args.site_dir, args.origin))
        missing = [path for path in paths if not (site_dir / path / "index.html").exists()]
        if missing:
            parser.error(f"not pages of {site_dir}: {missing}")
        playwright = stack.enter_context(sync_playwright())
        browser = playwright.chromium.launch(**chromium_launch_args())
        visits = {path: [] for path in paths}
        # Run by run over all pages, so that a slow spell of the machine spreads over pages instead of hitting one.
        for run in range(args.runs):
            for path in paths:
                seen = visit(browser, f"{origin}/{path}")
                visits[path].append(seen)
                what = "first demo ready" if seen["first_demo"] else "loaded"
                print(
                    f"run {run + 1}/{args.runs} /{path}: {what} at {seen['moment_ms'] / 1000:.2f} s, "
                    f"{seen['js_wasm_bytes_before'] / 1e3:.0f} kB JS+WASM, {seen['bytes_before'] / 1e3:.0f} kB in all "
                    f"by then; {seen['bytes_total'] / 1e3:.0f} kB once settled",
                    flush=True,
                )
        chromium_version = browser.version
        browser.close()
        tfjs_files = tfjs_file_sizes(site_dir)

    pages = {f"/{path}": page_result(runs) for path, runs in visits.items()}
    result = {
        "machine": {**describe_machine(), "chromium": chromium_version},
        "site": str(args.site_dir or "built from the working tree"),
        "setup": {**setup(), "runs": args.runs},
        "pages": pages,
        "summary": summarise(pages),
        "tfjs_files": tfjs_files,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
