"""The "Weather memory" demo in real Chromium, driven by the keyboard and the mouse as a reader would, against
Keras in Python on the same windows: the hidden states step by step (a SimpleRNN with return_sequences=True
and the model's weights), reading the window one day at a time (the heatmap filled up to that day, and what the
model's dense layer would say there), the forecast after edits (clicked, typed and dragged: wet or dry,
precipitation, temperatures, wind) and how far each edit moved it, the arithmetic panel, bad input, and tensor
leaks.

Python builds each window itself, from the CSV, the edit rules the demo states (a day made dry gets 0 mm; a
day made wet keeps its own precipitation if it was wet, else the training years' median wet-day amount; a typed
precipitation above 0 makes the day wet, 0 dry) and the model card's standardisation; it never reads the demo's
window to compute what the demo should show.
"""

import json
import os
from datetime import date, timedelta

import numpy as np
import pytest
from phone import IN_VIEW, in_view, phone_page
from test_accessibility import axe_violations, check_scheme, report, use_scheme

from tfvisual.local_site import after_update, finished_updates, reach_demo, wait_for_demo_idle
from tfvisual.paths import MODELS_DIR

pytestmark = pytest.mark.browser

DEMO = '[data-demo="weather-memory"]'
MODEL = MODELS_DIR / "weather-simple-rnn"
CARD = json.loads((MODEL / "card.json").read_text())
WINDOW = CARD["input"]["window"]
TOLERANCE = 1e-5  # float32 on the CPU backends, like Keras on the CPU


@pytest.fixture(scope="module")
def days():
    from tfvisual.data import weather

    return weather.load_days()


@pytest.fixture(scope="module")
def keras_models():
    """The exported model loaded into Keras, and a twin SimpleRNN with return_sequences=True and its weights."""
    os.environ["TF_USE_LEGACY_KERAS"] = "1"
    import tf_keras
    from tensorflowjs.converters import load_keras_model

    model = load_keras_model(str(MODEL / "model.json"))
    rnn = model.get_layer("rnn")
    inputs = tf_keras.Input(shape=(WINDOW, len(CARD["input"]["standardisation"]["features"])))
    every_state = tf_keras.layers.SimpleRNN(rnn.units, return_sequences=True)
    states_model = tf_keras.Model(inputs, every_state(inputs))
    every_state.set_weights(rnn.get_weights())
    return model, states_model


def python_window(days, today: str, edits: dict | None = None) -> np.ndarray:
    """The 14 days ending on `today` with `edits` ({date: {"wet": 0/1, "precipitation": mm, "temp_max": °C,
    "temp_min": °C, "wind": m/s}}), standardised."""
    from tfvisual.data import weather

    end = int(np.flatnonzero(days.dates == np.datetime64(today))[0])
    rows = days.features[end - WINDOW + 1 : end + 1].copy()  # precipitation, temp_max, temp_min, wind, wet
    dates = [str(d) for d in days.dates[end - WINDOW + 1 : end + 1]]
    for when, edit in (edits or {}).items():
        row = rows[dates.index(when)]
        if "wet" in edit:
            really_wet = row[4] == 1
            row[0] = 0.0 if not edit["wet"] else row[0] if really_wet else weather.median_wet_day_precipitation(days)
            row[4] = edit["wet"]
        if "precipitation" in edit:
            row[0] = edit["precipitation"]
            row[4] = int(edit["precipitation"] > 0)  # the wet flag follows the amount
        for name in ("temp_max", "temp_min", "wind"):
            if name in edit:
                row[weather.FEATURES.index(name)] = edit[name]
    standard = CARD["input"]["standardisation"]
    return ((rows - standard["mean"]) / standard["std"]).astype(np.float32)


def keras_says(keras_models, window: np.ndarray) -> tuple[np.ndarray, float]:
    model, states_model = keras_models
    states = states_model.predict(window[None], verbose=0)[0]
    return states, float(model.predict(window[None], verbose=0)[0, 0])


def keras_readings(keras_models, states: np.ndarray) -> np.ndarray:
    """The model's own dense layer on each state h_t: what it would say after reading the first t days."""
    model, _ = keras_models
    return model.get_layer("wet_tomorrow")(states).numpy()[:, 0]


def open_demo(page, site_server, backend="cpu"):
    page.goto(f"{site_server}rnn/weather-memory/?backend={backend}")
    reach_demo(page, DEMO)
    page.wait_for_selector(f"{DEMO}[data-ready]", timeout=60_000)
    wait_for_demo_idle(page, DEMO, 1, timeout=60_000)
    return page.locator(DEMO)


def after(page, action) -> None:
    """Do `action` and wait until the demo has shown its result."""
    after_update(page, DEMO, action, timeout=30_000)


def shown(demo) -> dict:
    return {
        "today": demo.get_attribute("data-today"),
        "window": np.asarray(json.loads(demo.get_attribute("data-window")), dtype=np.float32).reshape(WINDOW, -1),
        "states": np.asarray(json.loads(demo.get_attribute("data-states"))).reshape(WINDOW, -1),
        "forecast": float(demo.get_attribute("data-forecast")),
    }


def heatmap(demo) -> list[str]:
    return demo.get_by_test_id("state").all_inner_texts()


def heatmap_values(demo) -> np.ndarray:
    """The numbers the heatmap shows, steps × units (NaN where a cell is blank), from each cell's visible text."""
    texts = demo.get_by_test_id("state").evaluate_all(
        "(cells) => cells.map((td) => (td.lastChild?.nodeType === Node.TEXT_NODE ? td.lastChild.textContent : null))"
    )
    values = [np.nan if text is None else float(text.replace("−", "-")) for text in texts]
    return np.asarray(values).reshape(-1, WINDOW).T  # the table is one row per unit


def placed(demo, locator) -> tuple[float, ...]:
    """Where `locator` sits inside the demo, and its size (the page may scroll meanwhile)."""
    box, origin = locator.bounding_box(), demo.bounding_box()
    return box["x"] - origin["x"], box["y"] - origin["y"], box["width"], box["height"]


def go_to(page, demo, day: str) -> None:
    after(page, lambda: demo.get_by_test_id("today").fill(day))
    assert demo.get_attribute("data-today") == day


def test_keyboard_steps_the_day_and_the_heatmap_follows(page, site_server):
    demo = open_demo(page, site_server)
    first = heatmap(demo)
    assert demo.get_attribute("data-today") == "2015-01-01"
    assert demo.get_by_test_id("day").first.get_attribute("data-date") == "2014-12-19"  # 13 days of 2014 first
    strip = demo.get_by_test_id("strip")
    strip.focus()
    after(page, lambda: page.keyboard.press("ArrowRight"))
    assert demo.get_attribute("data-today") == "2015-01-02"
    assert demo.get_by_test_id("day").first.get_attribute("data-date") == "2014-12-20"
    assert demo.get_by_test_id("today").input_value() == "2015-01-02"
    second = heatmap(demo)
    assert second != first and len(second) == len(first) == WINDOW * 4
    after(page, lambda: page.keyboard.press("ArrowLeft"))
    assert demo.get_attribute("data-today") == "2015-01-01"
    assert heatmap(demo) == first
    after(page, lambda: page.keyboard.press("End"))
    assert demo.get_attribute("data-today") == "2015-12-31"
    assert "not known" in demo.get_by_test_id("actual").inner_text()  # the data ends that day
    after(page, lambda: page.keyboard.press("Home"))
    assert demo.get_attribute("data-today") == "2015-01-01"
    assert "What happened on Friday, 2 January 2015" in demo.get_by_test_id("actual").inner_text()
    # The buttons do the same.
    after(page, lambda: demo.get_by_test_id("next").click())
    assert demo.get_attribute("data-today") == "2015-01-02"


@pytest.mark.parametrize("backend", ["cpu", "wasm"])
def test_hidden_states_and_forecast_equal_keras(page, site_server, days, keras_models, backend, record_property):
    demo = open_demo(page, site_server, backend)
    assert page.evaluate("tf.getBackend()") == backend
    largest = {"states": 0.0, "forecast": 0.0}
    for today in ["2015-01-01", "2015-06-15", "2015-11-20", "2015-12-31"]:
        if demo.get_attribute("data-today") != today:
            go_to(page, demo, today)
        result = shown(demo)
        window = python_window(days, today)
        np.testing.assert_allclose(result["window"], window, atol=1e-6)
        states, probability = keras_says(keras_models, window)
        largest["states"] = max(largest["states"], float(np.abs(result["states"] - states).max()))
        largest["forecast"] = max(largest["forecast"], abs(result["forecast"] - probability))
    record_property(f"max_abs_difference_states_{backend}", largest["states"])
    print(f"\n{backend}: max |demo - Keras| states (return_sequences) {largest['states']:.2e}, ", end="")
    print(f"forecast {largest['forecast']:.2e}")
    assert largest["states"] <= TOLERANCE and largest["forecast"] <= TOLERANCE


def points(change: float) -> str:
    """How the demo writes a change of probability: percentage points, one decimal, "0.0 points" when it rounds
    to nothing (never "+0.0" or "−0.0")."""
    shown = f"{100 * abs(change):.1f}"
    return "0.0 points" if shown == "0.0" else f"{'+' if change > 0 else '−'}{shown} points"


def check_move(demo, says: str, shown_before: float, keras_before: float, keras_after: float) -> None:
    """The line under the forecasts names the edit and says how far it moved the forecast (from what the demo
    showed before), and the move is the one Keras computes."""
    moved = float(demo.get_attribute("data-moved"))
    assert abs(moved - (keras_after - keras_before)) <= 2 * TOLERANCE
    assert moved == float(demo.get_attribute("data-forecast")) - shown_before
    text = demo.get_by_test_id("moved").inner_text()
    assert text.startswith(says), text
    assert f"moved the RNN's forecast by {points(moved)} ({100 * shown_before:.1f}% → " in text, text


def test_editing_days_changes_the_forecast_as_keras_says(page, site_server, days, keras_models):
    demo = open_demo(page, site_server)
    today = "2015-03-10"
    go_to(page, demo, today)
    real = shown(demo)["forecast"]
    assert demo.get_attribute("data-moved") is None  # a new day is not an edit
    assert demo.get_by_test_id("moved").inner_text().startswith("Edit a day")
    buttons = demo.get_by_test_id("day")
    dates = [buttons.nth(k).get_attribute("data-date") for k in range(WINDOW)]
    index = {d: int(np.flatnonzero(days.dates == np.datetime64(d))[0]) for d in dates}
    wet = {d: days.wet[index[d]] for d in dates}
    edits = {}

    def edit(change: dict, when: str, action, says: str) -> None:
        """Apply `change` to day `when` by `action`; the forecast and the "moved by" line follow Keras."""
        keras_before = keras_says(keras_models, python_window(days, today, edits))[1]
        shown_before = shown(demo)["forecast"]
        edits.setdefault(when, {}).update(change)
        after(page, action)
        window = python_window(days, today, edits)
        result = shown(demo)
        np.testing.assert_allclose(result["window"], window, atol=1e-6)
        states, keras_after = keras_says(keras_models, window)
        assert abs(result["forecast"] - keras_after) <= TOLERANCE
        assert np.abs(result["states"] - states).max() <= TOLERANCE
        check_move(demo, says, shown_before, keras_before, keras_after)

    # Make the driest-looking day before today wet and today the opposite of what it was: click, then keyboard.
    dry_day = next(d for d in reversed(dates[:-1]) if not wet[d])
    edit({"wet": 1}, dry_day, lambda: buttons.nth(dates.index(dry_day)).click(), "Making ")
    last_button = buttons.nth(WINDOW - 1)
    last_button.focus()
    made = 1 - int(wet[today])
    edit({"wet": made}, today, lambda: page.keyboard.press("Enter"), "Making ")
    assert last_button.get_attribute("data-wet") == str(made)
    assert ("wet " if made else "dry") in last_button.inner_text()
    # The editor shows today's precipitation as the click left it.
    shown_rain = float(demo.get_by_test_id("precipitation").input_value())
    assert shown_rain == pytest.approx(python_window_rain(days, today, made), abs=1e-9)

    # A warmer today, typed into the editor (which edits today unless another day is chosen).
    assert demo.get_by_test_id("edit-day").input_value() == today
    warmer = round(float(days.measurements[index[today], 1]) + 8, 1)
    edit(
        {"temp_max": warmer},
        today,
        lambda: demo.get_by_test_id("temp-max").fill(f"{warmer:.1f}"),
        "Setting the highest",
    )

    # Another day's wind and rain: choose the day, then type. 12.5 mm on a dry day makes it wet, 0 makes it dry.
    windy_day = dates[WINDOW - 4]
    demo.get_by_test_id("edit-day").select_option(windy_day)
    assert float(demo.get_by_test_id("wind").input_value()) == days.measurements[index[windy_day], 3]
    stronger = round(float(days.measurements[index[windy_day], 3]) + 3, 1)
    edit({"wind": stronger}, windy_day, lambda: demo.get_by_test_id("wind").fill(str(stronger)), "Setting the wind")
    rain = 0.0 if wet[windy_day] else 12.5
    edit({"precipitation": rain}, windy_day, lambda: demo.get_by_test_id("precipitation").fill(str(rain)), "Setting")
    windy_button = buttons.nth(WINDOW - 4)
    assert windy_button.get_attribute("data-wet") == str(int(rain > 0))
    assert ("wet 12.5" if rain else "dry") in windy_button.inner_text()

    result = shown(demo)
    assert abs(result["forecast"] - real) > 0.01, "these edits should move the forecast"
    print(f"\nforecast for {today}: real days {real:.4f}, edited {result['forecast']:.4f}")

    # Edits stay with their day while the window slides, and Reset brings back the real days.
    after(page, lambda: demo.get_by_test_id("next").click())
    assert demo.get_attribute("data-moved") is None
    next_day = str(date.fromisoformat(today) + timedelta(days=1))
    np.testing.assert_allclose(shown(demo)["window"], python_window(days, next_day, edits), atol=1e-6)
    keras_before = keras_says(keras_models, python_window(days, next_day, edits))[1]
    shown_before = shown(demo)["forecast"]
    after(page, lambda: demo.get_by_test_id("reset").click())
    np.testing.assert_allclose(shown(demo)["window"], python_window(days, next_day), atol=1e-6)
    assert demo.locator(".wm-edited").count() == 0
    keras_after = keras_says(keras_models, python_window(days, next_day))[1]
    check_move(demo, "Resetting to the real days", shown_before, keras_before, keras_after)


def python_window_rain(days, today: str, wet: int) -> float:
    """The precipitation the edit rules give `today` made wet (1) or dry (0)."""
    from tfvisual.data import weather

    row = int(np.flatnonzero(days.dates == np.datetime64(today))[0])
    if not wet:
        return 0.0
    measured = float(days.measurements[row, 0])
    return measured if measured > 0 else weather.median_wet_day_precipitation(days)


def test_an_edit_that_does_not_move_the_forecast_says_so(page, site_server, days, keras_models):
    """Making the oldest day of a window dry can change the forecast by less than 0.05 points: the demo says
    "0.0 points" rather than nothing. The day is found with Keras: of the 2015 days whose window starts on a wet
    day, the one whose forecast that edit moves least."""
    model, _ = keras_models
    todays = [str(d) for d in days.dates[days.years == 2015][:-1]]  # the last day's tomorrow is not in the data
    first_days = [str(days.dates[np.flatnonzero(days.dates == np.datetime64(t))[0] - WINDOW + 1]) for t in todays]
    wet_first = [(t, f) for t, f in zip(todays, first_days, strict=True) if days.wet[days.dates == np.datetime64(f)][0]]
    real = np.stack([python_window(days, t) for t, _ in wet_first])
    edited = np.stack([python_window(days, t, {f: {"wet": 0}}) for t, f in wet_first])
    before, after_edit = (model.predict(x, verbose=0)[:, 0].astype(np.float64) for x in (real, edited))
    n = int(np.argmin(np.abs(after_edit - before)))
    assert abs(after_edit[n] - before[n]) < 0.0004, "no 2015 window whose oldest day barely matters"
    today, first = wet_first[n]

    demo = open_demo(page, site_server)
    if demo.get_attribute("data-today") != today:
        go_to(page, demo, today)
    oldest = demo.get_by_test_id("day").first
    assert oldest.get_attribute("data-date") == first
    shown_before = shown(demo)["forecast"]
    after(page, lambda: oldest.click())
    assert oldest.get_attribute("data-wet") == "0"
    check_move(demo, "Making ", shown_before, before[n], after_edit[n])
    line = demo.get_by_test_id("moved").inner_text()
    assert "by 0.0 points" in line and "Markov" not in line  # today is unchanged, so is the chain
    print(f"\n{today}: making {first} dry moves the forecast by {after_edit[n] - before[n]:+.2e}")


@pytest.mark.parametrize(
    ("field", "text", "says"),
    [
        ("temp-max", "", "type a number"),
        ("temp-max", "abc", "is not a number"),
        ("temp-max", "99", "outside the range measured"),
        ("temp-min", "-40", "outside the range measured"),
        ("temp-min", "10", "above the highest"),  # 1 January 2015 reached 5.6 °C
        ("precipitation", "-1", "outside the range measured"),
        ("precipitation", "1e", "is not a number"),
        ("wind", "", "type a number of metres per second"),
        ("wind", "40", "outside the range measured"),
    ],
)
def test_bad_values_get_a_message_and_leave_the_forecast_alone(page, site_server, field, text, says):
    demo = open_demo(page, site_server)
    before = shown(demo)
    count = finished_updates(page, DEMO)
    box = demo.get_by_test_id(field)
    real_value = box.input_value()
    box.fill(text)
    message = demo.get_by_test_id(f"{field}-message")
    assert says in message.inner_text()
    assert "the forecast still uses" in message.inner_text()
    assert box.get_attribute("aria-invalid") == "true"
    # Let any update that might have been queued run: none is, and nothing the model saw changed.
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    wait_for_demo_idle(page, DEMO, count)
    assert finished_updates(page, DEMO) == count
    assert demo.get_attribute("data-forecast") == str(before["forecast"])
    np.testing.assert_array_equal(shown(demo)["window"], before["window"])
    # A valid value clears the message and is used.
    valid = str(float(real_value) + (-1 if field == "temp-min" else 1))
    after(page, lambda: box.fill(valid))
    assert message.inner_text() == "" and box.get_attribute("aria-invalid") is None
    assert demo.get_attribute("data-forecast") != str(before["forecast"])


def test_a_date_outside_2015_gets_a_message_and_changes_nothing(page, site_server):
    demo = open_demo(page, site_server)
    count = finished_updates(page, DEMO)
    for text, says in [("", "Pick a day of 2015"), ("2014-12-25", "is not a day of 2015")]:
        demo.get_by_test_id("today").fill(text)
        assert says in demo.get_by_test_id("today-message").inner_text()
    wait_for_demo_idle(page, DEMO, count)
    assert finished_updates(page, DEMO) == count and demo.get_attribute("data-today") == "2015-01-01"


def test_the_arithmetic_panel_recomputes_tfjs_state(page, site_server, keras_models, days):
    demo = open_demo(page, site_server)
    go_to(page, demo, "2015-04-20")
    demo.get_by_test_id("arithmetic").locator("summary").click()
    output = demo.get_by_test_id("arithmetic-output")
    states = shown(demo)["states"]
    for step in [0, 6, WINDOW - 1]:
        demo.get_by_test_id("step").select_option(str(step))
        page.wait_for_function(
            "([selector, step]) => document.querySelector(selector).textContent.startsWith(`Step ${step + 1} `)",
            arg=[f'{DEMO} [data-testid="arithmetic-output"]', step],
        )
        computed = np.asarray(json.loads(output.get_attribute("data-computed")))
        from_tfjs = np.asarray(json.loads(output.get_attribute("data-shown")))
        np.testing.assert_array_equal(from_tfjs, states[step])
        difference = float(output.get_attribute("data-max-difference"))
        assert difference == pytest.approx(np.abs(computed - from_tfjs).max(), abs=1e-12)
        assert difference <= TOLERANCE
        assert f"{difference:.1e}".replace("e-0", "e-") in output.inner_text()
    # And that state is Keras' state for the same window.
    expected, _ = keras_says(keras_models, python_window(days, "2015-04-20"))
    assert np.abs(computed - expected[WINDOW - 1]).max() <= TOLERANCE


def test_reading_day_by_day_fills_the_heatmap_as_keras_says(page, site_server, days, keras_models):
    demo = open_demo(page, site_server)
    today = "2015-04-20"
    go_to(page, demo, today)
    states, probability = keras_says(keras_models, python_window(days, today))
    readings = keras_readings(keras_models, states)
    units = states.shape[1]
    # By default every day is read: the whole heatmap, and the forecast is the model's.
    assert demo.get_attribute("data-read") == str(WINDOW)
    assert not np.isnan(heatmap_values(demo)).any()
    assert "All 14 days read" in demo.get_by_test_id("reading-note").inner_text()
    np.testing.assert_allclose(json.loads(demo.get_attribute("data-readings")), readings, atol=TOLERANCE)
    assert abs(readings[-1] - probability) <= TOLERANCE  # the last reading is the model's forecast
    strip = placed(demo, demo.get_by_test_id("strip"))
    last_cell = placed(demo, demo.get_by_test_id("state").last)

    demo.get_by_test_id("arithmetic").locator("summary").click()
    output = demo.get_by_test_id("arithmetic-output")
    days_read = demo.get_by_test_id("days-read")
    days_read.focus()
    page.keyboard.press("Home")
    for read in range(1, WINDOW + 1):
        if read > 1:
            page.keyboard.press("ArrowRight")
        assert demo.get_attribute("data-read") == str(read)
        assert f"{read} of {WINDOW}" in demo.get_by_test_id("days-read-count").inner_text()
        shown_values = heatmap_values(demo)
        # Exactly the first `read` columns are filled, with Keras' states for those steps (shown to 2 decimals).
        assert np.isnan(shown_values[read:]).all() and not np.isnan(shown_values[:read]).any()
        assert np.abs(shown_values[:read] - states[:read]).max() <= 0.005 + TOLERANCE
        current = demo.locator(".wm-state.wm-current")
        assert current.count() == units
        assert demo.locator(".wm-day.wm-current").get_attribute("data-slot") == str(read - 1)
        # The arithmetic panel explains the same step, and its h_t is Keras' state.
        assert demo.get_by_test_id("step").input_value() == str(read - 1)
        assert output.inner_text().startswith(f"Step {read} ")
        assert np.abs(np.asarray(json.loads(output.get_attribute("data-shown"))) - states[read - 1]).max() <= TOLERANCE
        note = demo.get_by_test_id("reading-note").inner_text()
        if read < WINDOW:
            assert f"forecasts only after all {WINDOW} days" in note
            assert f"after {read} days" in note and f"{100 * readings[read - 1]:.1f}%" in note
    assert "All 14 days read" in note
    # Stepping moved nothing: the blank columns kept their space.
    assert placed(demo, demo.get_by_test_id("strip")) == strip
    assert placed(demo, demo.get_by_test_id("state").last) == last_cell

    # The step menu is the same control seen from the panel: choosing a step reads up to it.
    demo.get_by_test_id("step").select_option("2")
    assert demo.get_attribute("data-read") == "3" and days_read.input_value() == "3"
    assert np.isnan(heatmap_values(demo)[3:]).all()
    # A new day keeps the step, and the columns are the new window's.
    after(page, lambda: demo.get_by_test_id("next").click())
    next_states, _ = keras_says(keras_models, python_window(days, "2015-04-21"))
    assert demo.get_attribute("data-read") == "3"
    assert np.abs(heatmap_values(demo)[:3] - next_states[:3]).max() <= 0.005 + TOLERANCE


def test_the_arithmetic_states_the_cells_real_sizes(page, site_server, keras_models):
    demo = open_demo(page, site_server)
    rnn = keras_models[0].get_layer("rnn")
    features, units = rnn.get_weights()[0].shape
    demo.get_by_test_id("arithmetic").locator("summary").click()
    demo.get_by_test_id("step").select_option("0")
    text = demo.get_by_test_id("arithmetic-output").inner_text()
    assert f"h₀ = 0 ({units} zeros)" in text
    assert f"Its {features} features" in text
    assert f"The kernel Wᵀ ({features}×{units}), the recurrent kernel Uᵀ ({units}×{units}) and b ({units})" in text


def test_dragging_a_temperature_slider_changes_the_forecast_as_keras_says(page, site_server, days, keras_models):
    from tfvisual.data import weather

    demo = open_demo(page, site_server)
    today = "2015-03-10"
    go_to(page, demo, today)
    slider = demo.get_by_test_id("temp-max-slider")
    field = demo.get_by_test_id("temp-max")
    low, high = weather.measured_ranges(days)["temp_max"]
    assert float(slider.get_attribute("min")) == low and float(slider.get_attribute("max")) == high
    assert slider.get_attribute("step") == "0.1"
    real = float(days.measurements[np.flatnonzero(days.dates == np.datetime64(today))[0], 1])
    assert float(slider.input_value()) == real == float(field.input_value())
    before = shown(demo)["forecast"]

    slider.focus()
    for _ in range(30):  # 30 presses of → : 3 °C warmer, 0.1 °C each
        after(page, lambda: page.keyboard.press("ArrowRight"))
    warmer = round(real + 3, 1)
    assert float(field.input_value()) == warmer and float(slider.input_value()) == warmer
    assert slider.get_attribute("aria-valuetext") == f"{warmer:.1f} °C".replace("-", "−")
    result = shown(demo)
    window = python_window(days, today, {today: {"temp_max": warmer}})
    np.testing.assert_allclose(result["window"], window, atol=1e-6)
    states, probability = keras_says(keras_models, window)
    assert abs(result["forecast"] - probability) <= TOLERANCE
    assert np.abs(result["states"] - states).max() <= TOLERANCE
    assert result["forecast"] != before
    print(f"\nhighest on {today}: {real} -> {warmer} °C, forecast {before:.4f} -> {result['forecast']:.4f}")

    # Dragged below the lowest temperature, the field explains it and the forecast keeps the last valid value.
    count = finished_updates(page, DEMO)
    page.keyboard.press("Home")
    assert float(field.input_value()) == low
    assert "would be below the lowest" in demo.get_by_test_id("temp-max-message").inner_text()
    wait_for_demo_idle(page, DEMO, count)
    assert finished_updates(page, DEMO) == count and shown(demo)["forecast"] == result["forecast"]
    # Typing moves the slider too.
    after(page, lambda: field.fill("12.3"))
    assert slider.input_value() == "12.3"


def test_no_tensor_leaks_after_200_steps(page, site_server):
    demo = open_demo(page, site_server)
    demo.get_by_test_id("strip").focus()
    before = page.evaluate("tf.memory().numTensors")
    for key in ["ArrowRight"] * 100 + ["ArrowLeft"] * 100:
        after(page, lambda key=key: page.keyboard.press(key))
    assert demo.get_attribute("data-today") == "2015-01-01"
    assert page.evaluate("tf.memory().numTensors") == before


def swipe(cdp, y: float, start: float, end: float) -> None:
    """One finger across the screen at height `y`, from x = `start` to x = `end`."""
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": start, "y": y}]})
    for i in range(1, 11):
        x = start + (end - start) * i / 10
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y}]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def test_on_a_phone_the_strip_opens_on_today_and_says_the_older_days_are_to_the_left(
    browser, site_server, page_problems
):
    with phone_page(browser, page_problems) as (context, page):
        demo = open_demo(page, site_server)
        strip, days = demo.get_by_test_id("strip"), demo.get_by_test_id("day")
        strip.evaluate("(s) => s.scrollIntoView({ block: 'center' })")  # the reader scrolls to the strip
        # Today, the day the forecast is made from, is on screen; the oldest day is off to the left, and the hint
        # above the strip says so.
        assert days.last.get_attribute("data-date") == demo.get_attribute("data-today")
        assert in_view(days.last)
        assert days.first.bounding_box()["x"] < strip.bounding_box()["x"]
        hint = demo.get_by_test_id("swipe-hint")
        assert hint.is_visible() and in_view(hint)
        assert "older days are to the left" in hint.inner_text()
        # The row labels stay at the left edge, so the state's rows are named whichever days show.
        label = demo.locator("tbody th").first
        assert label.inner_text().startswith("h") and in_view(label)

        # Reading the window from its first day shows that day's column, beside the row labels.
        demo.get_by_test_id("days-read").focus()
        page.keyboard.press("Home")
        page.wait_for_function(f"document.querySelector('{DEMO}').dataset.read === '1'")
        labels = label.bounding_box()
        assert in_view(days.first) and days.first.bounding_box()["x"] >= labels["x"] + labels["width"] - 1
        assert not in_view(days.last)

        # A swipe to the left brings today back.
        box = strip.bounding_box()
        swipe(context.new_cdp_session(page), box["y"] + box["height"] / 2, box["x"] + box["width"] - 10, box["x"] + 60)
        page.wait_for_function(IN_VIEW, arg=days.last.element_handle(), timeout=5_000)


def test_on_a_desktop_the_whole_strip_shows_and_no_hint_says_otherwise(page, site_server):
    page.set_viewport_size({"width": 1280, "height": 800})
    demo = open_demo(page, site_server)
    strip, days = demo.get_by_test_id("strip"), demo.get_by_test_id("day")
    strip.scroll_into_view_if_needed()
    assert strip.evaluate("(s) => s.scrollWidth <= s.clientWidth")
    assert in_view(days.first) and in_view(days.last)
    assert not demo.get_by_test_id("swipe-hint").is_visible()


# Each scheme at Playwright's desktop size, and light 320 CSS pixels wide (a phone, or 400% zoom), where the strip
# of days scrolls sideways.
AXE_CASES = {"light": ("light", None), "dark": ("dark", None), "light-320px": ("light", 320)}


WAIT_FOR_ANIMATIONS = """async () => {
    for (let round = 0; round < 20; round += 1) {
        const running = document.getAnimations().filter((animation) => animation.playState === "running");
        if (running.length === 0) return;
        await Promise.allSettled(running.map((animation) => animation.finished));
    }
}"""


@pytest.mark.parametrize("case", AXE_CASES)
def test_weather_memory_passes_axe_before_and_after_editing(page, site_server, case):
    scheme, width = AXE_CASES[case]
    use_scheme(page, scheme)
    if width:
        page.set_viewport_size({"width": width, "height": 800})
    demo = open_demo(page, site_server)
    check_scheme(page, scheme)
    found = axe_violations(page, f"/rnn/weather-memory/ ({case})")
    after(page, lambda: demo.get_by_test_id("day").nth(3).click())
    demo.get_by_test_id("temp-max-slider").focus()
    after(page, lambda: page.keyboard.press("ArrowLeft"))
    demo.get_by_test_id("temp-min").fill("abc")  # a message on screen
    demo.get_by_test_id("days-read").focus()
    for _ in range(9):  # 5 of 14 days read: blank columns and the dense layer's reading after 5 days
        page.keyboard.press("ArrowLeft")
    demo.get_by_test_id("arithmetic").locator("summary").click()
    # Scrolling to the clicked controls fades Material's header title; let transitions end before judging colours.
    # Until none runs: an animation cancelled by a newer one rejects its `finished` promise (AbortError), and the
    # newer one must end too.
    page.evaluate(WAIT_FOR_ANIMATIONS)
    found += axe_violations(page, f"/rnn/weather-memory/ after editing ({case})")
    assert not found, report(found)


def test_a_model_that_fails_to_load_says_so_and_the_days_still_work(page, site_server, expect_failures):
    model_json = "**/models/weather-simple-rnn/model.json"
    expect_failures("model.json", "404")
    page.route(model_json, lambda route: route.fulfill(status=404, body="Not Found"))
    page.goto(f"{site_server}rnn/weather-memory/?backend=cpu")
    reach_demo(page, DEMO)
    demo = page.locator(DEMO)
    alert = demo.get_by_role("alert")
    alert.wait_for()
    assert "model.json could not be downloaded (HTTP 404)" in alert.inner_text()
    # Without the model the days, the Markov chain and what happened still follow the keyboard.
    wait_for_demo_idle(page, DEMO, 1)
    demo.get_by_test_id("strip").focus()
    after(page, lambda: page.keyboard.press("ArrowRight"))
    assert demo.get_attribute("data-today") == "2015-01-02"
    assert "%" in demo.get_by_test_id("forecast-markov").inner_text()
    assert demo.get_attribute("data-forecast") is None
    page.unroute(model_json)
    alert.get_by_role("button", name="Retry").click()
    page.wait_for_selector(f"{DEMO}[data-ready]")
    wait_for_demo_idle(page, DEMO, 1)
    assert demo.get_attribute("data-forecast") is not None and demo.get_by_role("alert").count() == 0
