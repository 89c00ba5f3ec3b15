"""Run Lighthouse on the home page and every page with a demo, and weigh what each of those pages downloads.

    .venv/bin/python scripts/bench_page_quality.py
    .venv/bin/python scripts/bench_page_quality.py --site-dir DIR --origin http://127.0.0.1:PORT --out FILE
    .venv/bin/python scripts/bench_page_quality.py --pages graphs/training-step/ --runs 3   # re-measure some pages

Builds the site (or takes one already built with SITE_URL=ORIGIN/), serves it on loopback gzip-compressed as a
static host does (src/tfvisual/benchmarks/static_host.py), and for each page:
* runs Lighthouse (npm, pinned in package.json) with its desktop preset and its default mobile emulation, in the
  Chromium the tests use: Cumulative Layout Shift, accessibility score (with the audits that failed), performance
  score, total byte weight. A page that requests anything from another origin stops the run: Lighthouse works
  offline here;
* opens the page in Chromium until its demos have settled and adds up the files it downloaded, by kind (HTML,
  JS, CSS, models, ...), raw and gzip-compressed.
Writes scripts/results/page-quality.json with the machine description. About two minutes on 2 cores. Lighthouse's
mobile run simulates a slow phone; CLS and bytes are measured, not simulated. Numbers vary between runs and
machines: this is a benchmark, not a test (tests/browser/test_layout_shift.py and test_accessibility.py are).
"""

import argparse
import json
import statistics
from contextlib import ExitStack
from pathlib import Path

from playwright.sync_api import sync_playwright

from tfvisual.benchmarks.page_quality import (
    FORM_FACTORS,
    PERFORMANCE_METRICS,
    demo_pages,
    run_lighthouse,
    site_path,
    transfer_bytes,
)
from tfvisual.benchmarks.static_host import served_site
from tfvisual.local_site import chromium_launch_args
from tfvisual.machine import describe_machine
from tfvisual.paths import RESULTS_DIR


def median_run(url: str, form_factor: str, runs: int) -> dict:
    """Lighthouse `runs` times; each number is the median over the runs (the lists are from the last run)."""
    results = [run_lighthouse(url, form_factor) for _ in range(runs)]
    summary = dict(results[-1])
    for key in ("cls", "accessibility_score", "performance_score", "total_byte_weight", *PERFORMANCE_METRICS):
        summary[key] = statistics.median(result[key] for result in results)
    summary["runs"] = runs
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=RESULTS_DIR / "page-quality.json")
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page and form factor (median kept)")
    parser.add_argument("--site-dir", type=Path, help="a site already built (with SITE_URL set to --origin)")
    parser.add_argument("--origin", help="where --site-dir was built to be served, e.g. http://127.0.0.1:8765")
    parser.add_argument(
        "--pages", nargs="+", help='only these pages, e.g. "/" cnn/draw-a-digit/; the other pages in --out are kept'
    )
    args = parser.parse_args()
    if (args.site_dir is None) != (args.origin is None):
        parser.error("--site-dir and --origin go together: the site's links are built for its origin")

    paths = [site_path(page) for page in args.pages] if args.pages else ["", *demo_pages()]
    # Re-measuring some pages keeps the others' rows: the file always describes every page.
    pages = json.loads(args.out.read_text())["pages"] if args.pages and args.out.exists() else {}
    with ExitStack() as stack:
        site_dir, origin = stack.enter_context(served_site(args.site_dir, args.origin))
        missing = [path for path in paths if not (site_dir / path / "index.html").exists()]
        if missing:
            parser.error(f"not pages of {site_dir}: {missing}")
        playwright = stack.enter_context(sync_playwright())
        browser = playwright.chromium.launch(**chromium_launch_args())
        chromium_version = browser.version
        for path in paths:
            url = f"{origin}/{path}"
            row = {form_factor: median_run(url, form_factor, args.runs) for form_factor in FORM_FACTORS}
            row["transfer"] = transfer_bytes(browser, url)
            pages[f"/{path}"] = row
            desktop, mobile, transfer = row["desktop"], row["mobile"], row["transfer"]
            print(
                f"/{path}: CLS desktop {desktop['cls']:.3f} mobile {mobile['cls']:.3f}, accessibility "
                f"{desktop['accessibility_score']:.2f} / {mobile['accessibility_score']:.2f}, downloads "
                f"{transfer['raw_bytes'] / 1e6:.2f} MB raw, {transfer['gzip_bytes'] / 1e6:.2f} MB gzip",
                flush=True,
            )
        browser.close()

    first = next(iter(pages.values()))["desktop"]
    result = {
        "machine": {**describe_machine(), "chromium": chromium_version},
        "versions": {"lighthouse": first["lighthouse"], "lighthouse_user_agent": first["user_agent"]},
        "pages": pages,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, sort_keys=True) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
