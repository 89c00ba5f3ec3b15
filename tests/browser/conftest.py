import sys
from pathlib import Path

import pytest

from tfvisual.benchmarks.page_quality import wait_until_settled as wait_for_settled_page

# The helpers that read the built site (tests/site/links.py) serve the browser tests too.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "site"))


@pytest.fixture
def wait_until_settled():
    """Call with a page: waits until its demos have mounted and are idle (the digit model loaded) and its math is
    typeset. The same wait as the page-quality benchmark's (src/tfvisual/benchmarks/page_quality.py)."""
    return wait_for_settled_page
