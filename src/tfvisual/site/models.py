"""The committed trained models, served from the site root at models/<name>/..."""

from pathlib import Path

from tfvisual.paths import MODELS_DIR

# Only what the browser needs: the TF.js layers model, its weight shards, and the card and history the pages
# read their numbers from.
SERVED_SUFFIXES = {".json", ".bin"}


def model_files(models_dir: Path = MODELS_DIR) -> dict[str, Path]:
    """Map the site path of every servable model file to the committed file."""
    if not models_dir.exists():
        return {}
    return {
        f"models/{path.relative_to(models_dir).as_posix()}": path
        for path in sorted(models_dir.rglob("*"))
        if path.is_file() and path.suffix in SERVED_SUFFIXES
    }
