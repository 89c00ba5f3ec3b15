"""Figures (Python) and demos (JavaScript) use the same colours."""

import re

from tfvisual import palette
from tfvisual.paths import REPO_ROOT


def test_python_and_javascript_palettes_match():
    source = (REPO_ROOT / "docs/javascripts/lib/palette.js").read_text()
    js = {name: value for name, value in re.findall(r'export const (\w+) = ("[^"]*");', source)}
    js |= {
        name: re.findall(r'"([^"]*)"', value)
        for name, value in re.findall(r"export const (\w+) = \[([^\]]*)\];", source)
    }
    js = {name: value.strip('"') if isinstance(value, str) else value for name, value in js.items()}
    python = {name: value for name, value in vars(palette).items() if name.isupper()}
    assert js == python
