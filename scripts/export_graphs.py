"""Trace the example functions into dataflow graphs and write what the graph viewer reads.

    .venv/bin/python scripts/export_graphs.py    # -> scripts/results/graphs/<name>.json, .pbtxt
                                                 #    and scripts/results/dataflow-graphs.json (what pages quote)

Each graph's JSON holds its ops, inputs, variables and TensorFlow's value of every tensor on the preset
inputs (see src/tfvisual/graphs/export.py); the .pbtxt is TensorFlow's GraphDef as text. The export is
deterministic: a second run writes the same bytes. The site serves the folder at graphs/ (site_hooks.py).
About 10 seconds.
"""

import argparse
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", help="folder to write into (default: scripts/results/graphs)")
    args = parser.parse_args()

    from pathlib import Path

    from tfvisual.graphs.export import GRAPHS_DIR, export_all

    # A trial export elsewhere (--out) leaves the committed summary the pages quote alone.
    sizes = export_all(Path(args.out), None) if args.out else export_all(GRAPHS_DIR)
    for name, size in sizes.items():
        print(f"{name:32} {size / 1024:7.1f} KB")


if __name__ == "__main__":
    main()
