"""The site vendors its browser libraries from node_modules, and says how to get them when they are missing.
(TensorFlow.js is bundled instead: tests/unit/test_tfjs_bundle.py.)"""

import pytest

from tfvisual.site.vendor import MissingNodeModules, vendored_files


def test_every_vendored_file_exists_after_npm_ci():
    files = vendored_files()
    assert "vendor/dagre/dagre.esm.js" in files  # the graph viewer's layout
    # MathJax runs at build time (tfvisual.site.math); the browser gets rendered math, not MathJax.
    assert not any(path.startswith("vendor/mathjax/") for path in files)
    assert all(source.is_file() for source in files.values())


def test_missing_node_modules_names_the_fix(tmp_path):
    with pytest.raises(MissingNodeModules, match="Run `npm ci`"):
        vendored_files(tmp_path / "node_modules")
