"""Data the demos read at run time (test days, weights of untrained cells), served from the site root at data/<name>.

Written by the scripts that compute them (scripts/save_*.py) into scripts/results/site-data/ and committed, like
the models: the site build only copies them.
"""

from pathlib import Path

from tfvisual.paths import RESULTS_DIR

SITE_DATA_DIR = RESULTS_DIR / "site-data"


def data_files(data_dir: Path = SITE_DATA_DIR) -> dict[str, Path]:
    """Map the site path of every served data file to the committed file."""
    if not data_dir.exists():
        return {}
    return {f"data/{path.name}": path for path in sorted(data_dir.glob("*.json"))}
