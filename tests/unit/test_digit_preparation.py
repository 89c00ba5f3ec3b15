"""The numbers the "Draw a digit" page quotes about centring are what the digits and the preprocessing give."""

import json

from tfvisual.examples.digit_preparation import results
from tfvisual.paths import RESULTS_DIR
from tfvisual.preprocess import CENTRE, centre_of_mass, preprocess_strokes


def test_saved_result_matches_a_fresh_measurement():
    saved = json.loads((RESULTS_DIR / "digit-preparation.json").read_text())
    assert saved == results(), "run `.venv/bin/python scripts/save_digit_preparation.py`"


def test_the_demo_centres_where_mnist_does_not_at_the_geometric_middle():
    measured = results()
    assert abs(measured["mnist_centre_x"] - CENTRE) < 0.05
    assert abs(measured["mnist_centre_y"] - CENTRE) < 0.05
    assert measured["geometric_middle"] == 13.5 != CENTRE
    image = preprocess_strokes([[(0, 0), (10, 40)], [(30, 5)]])
    x, y = centre_of_mass(image)
    assert abs(x - CENTRE) < 0.05 and abs(y - CENTRE) < 0.05
