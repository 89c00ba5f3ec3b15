"""Where things live in the repository, resolved from this file so scripts work from any directory."""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = REPO_ROOT / "node_modules"
MODELS_DIR = REPO_ROOT / "models"
RESULTS_DIR = REPO_ROOT / "scripts" / "results"
