import sys
from pathlib import Path

# The helpers that read the built site (tests/site/links.py) serve the browser tests too.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "site"))
