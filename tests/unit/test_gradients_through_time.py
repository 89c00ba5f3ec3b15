"""The gradient norms the "Backpropagation through time" page quotes (scripts/results/gradients-through-time.json)
are what tf.GradientTape measures today, they show what the page says, and their figure is the same bytes on
every build; the demo's data file (weights and inputs, scripts/results/site-data/gradients-through-time.json)
holds exactly the float32 numbers Python computes with. The exploding-gradient measurements (a SimpleRNN whose
recurrent kernel is scaled by s, measured in float64) say what the module's docstring says they say, stay under the
bound the largest singular value sets, and move with float32-sized changes of the inputs only where they explode."""

import json

import numpy as np
import pytest

from tfvisual.gradients_through_time import (
    DEMO_STEPS,
    GATES,
    INPUT_SCALES,
    RECURRENT_SCALES,
    ROUNDED_COPIES,
    UNSATURATED_SLOPE,
    build_layer,
    demo_data,
    demo_reference,
    gradients_through_time,
    inputs,
    scale_key,
    twin,
)
from tfvisual.paths import RESULTS_DIR
from tfvisual.site.data_files import SITE_DATA_DIR

RESULT = RESULTS_DIR / "gradients-through-time.json"
DEMO_DATA = SITE_DATA_DIR / "gradients-through-time.json"


@pytest.fixture(scope="module")
def measured():
    return gradients_through_time()


@pytest.fixture(scope="module")
def saved():
    return json.loads(RESULT.read_text())


def test_saved_result_matches_a_fresh_measurement(measured, saved):
    stale = "run `.venv/bin/python scripts/save_gradients_through_time.py`"
    assert set(saved["curves"]) == set(measured["curves"]), stale
    for key in ("steps", "units", "input_features", "input_seed", "weight_seed"):
        assert saved[key] == measured[key], stale
    for name, curve in measured["curves"].items():
        # atol far below every quoted number: only float32 denormals right at underflow may differ.
        np.testing.assert_allclose(saved["curves"][name]["norms"], curve["norms"], rtol=1e-3, atol=1e-35)
        assert saved["curves"][name]["summary"]["k_below_1e-6_of_k0"] == curve["summary"]["k_below_1e-6_of_k0"]
    for inputs_name in INPUT_SCALES:
        assert set(saved["exploding"][inputs_name]) == set(measured["exploding"][inputs_name]), stale
        for name, curve in measured["exploding"][inputs_name].items():
            stored = saved["exploding"][inputs_name][name]
            # float64 (see the module's docstring): CPUs that order their sums differently agree to ~1e-5 even
            # where it explodes (measured by moving every input by 1e-15).
            np.testing.assert_allclose(stored["norms"], curve["norms"], rtol=1e-3)
            for key in ("ratio_min", "ratio_max"):
                assert stored["rounding_spread"][key] == pytest.approx(curve["rounding_spread"][key], rel=1e-3)
            for key in ("k_of_max", "k_first_exact_zero"):
                assert stored["summary"][key] == curve["summary"][key], stale


def test_one_norm_per_input_step(measured):
    for curve in measured["curves"].values():
        assert len(curve["norms"]) == measured["steps"] == 100
        assert curve["norms"][0] > 0


def test_the_simple_rnn_gradient_vanishes_by_many_orders_of_magnitude(measured):
    summary = measured["curves"]["simple_rnn"]["summary"]
    assert summary["ratio_last_over_k0"] < 1e-12
    assert summary["k_below_1e-6_of_k0"] != "never" and summary["k_below_1e-6_of_k0"] < 60


def test_untrained_gru_and_lstm_without_forget_bias_vanish_too(measured):
    for name in ("gru", "lstm_forget_bias_0", "lstm_forget_bias_1"):
        assert measured["curves"][name]["summary"]["ratio_last_over_k0"] < 1e-6, name


def test_a_larger_forget_bias_keeps_the_lstm_gradient_alive(measured):
    last = [measured["curves"][f"lstm_forget_bias_{b}"]["norms"][-1] for b in (0, 1, 3, 5)]
    assert last == sorted(last) and last[0] < last[1] < last[2] < last[3]
    # With bias 3 or 5 the input 99 steps back still gets more than a hundredth of the last input's gradient.
    for bias in (3, 5):
        summary = measured["curves"][f"lstm_forget_bias_{bias}"]["summary"]
        assert summary["k_below_1e-6_of_k0"] == "never"
        assert summary["ratio_last_over_k0"] > 1e-2


def test_the_forget_bias_is_the_second_quarter_of_the_lstm_bias():
    layer = build_layer("lstm", forget_bias=3.0, units=4)
    bias = layer.cell.bias.numpy()
    np.testing.assert_array_equal(bias[4:8], 3.0)
    np.testing.assert_array_equal(np.delete(bias, np.s_[4:8]), 0.0)
    # Keras' own unit_forget_bias puts its 1s in the same slice.
    default = build_layer("lstm", units=4).cell.bias.numpy()
    np.testing.assert_array_equal(default, [0] * 4 + [1] * 4 + [0] * 8)


def test_the_figure_is_the_same_bytes_on_every_build():
    from tfvisual.figures import gradients_through_time as figure
    from tfvisual.site.figures import FIGURE_MODULES

    assert "tfvisual.figures.gradients_through_time" in FIGURE_MODULES
    first, second = figure.figures(), figure.figures()
    assert list(first) == ["figures/rnn/gradients-through-time.svg", "figures/rnn/exploding-gradients.svg"]
    assert first == second
    svg = first["figures/rnn/gradients-through-time.svg"].decode()
    assert svg.startswith("<?xml") and "LSTM, forget bias 5" in svg and "SimpleRNN" in svg
    exploding = first["figures/rnn/exploding-gradients.svg"].decode()
    assert exploding.startswith("<?xml") and "Inputs × 0.01" in exploding
    # One legend entry per scale, and the title says the curves are float64.
    for scale in RECURRENT_SCALES:
        assert f"s = {scale:g}" in exploding
    assert "float64" in exploding


def curve(measured, inputs_name: str, scale: float) -> dict:
    return measured["exploding"][inputs_name][scale_key(scale)]


def test_the_largest_singular_value_of_the_scaled_kernel_is_the_scale(measured):
    # Keras' Orthogonal initializer gives an orthogonal U: every singular value 1, so s·U stretches by s at most.
    for inputs_name in INPUT_SCALES:
        for scale in RECURRENT_SCALES:
            summary = curve(measured, inputs_name, scale)["summary"]
            assert summary["largest_singular_value"] == pytest.approx(scale, rel=1e-6)
            assert summary["bound_ratio_last"] == pytest.approx(scale**99, rel=1e-4)


def test_no_gradient_exceeds_the_bound_the_singular_values_set(measured):
    # dL/dx_{T−k} = dL/dh_T · (each step back: diag(1 − h²) (sU)ᵀ) · diag(1 − h²) Wᵀ, with dL/dh_T all ones and
    # every slope at most 1: its norm is at most σ_max(W) · σ_max(sU)^k · √units.
    kernel = build_layer("simple_rnn").cell.kernel.numpy().astype(np.float64)
    largest_w = np.linalg.svd(kernel, compute_uv=False)[0]
    for inputs_name in INPUT_SCALES:
        for scale in RECURRENT_SCALES:
            measured_curve = curve(measured, inputs_name, scale)
            sigma = measured_curve["summary"]["largest_singular_value"]
            bound = largest_w * sigma ** np.arange(100) * np.sqrt(measured["units"])
            assert np.all(np.asarray(measured_curve["norms"]) <= bound * (1 + 1e-4)), (inputs_name, scale)


def test_near_linear_tanh_lets_the_gradient_follow_the_scale(measured):
    # Small inputs keep h near 0 for s <= 1: each step back multiplies the gradient by about s.
    for scale in (0.5, 1.0):
        summary = curve(measured, "small_inputs", scale)["summary"]
        assert summary["mean_tanh_slope"] > 0.99
        assert summary["growth_per_step"] == pytest.approx(scale, abs=0.01)
    assert 0.1 < curve(measured, "small_inputs", 1.0)["summary"]["ratio_last_over_k0"] < 10  # neither way


def test_scaled_up_kernels_explode_but_saturation_caps_the_growth_far_below_the_bound(measured):
    growing = [s for s in RECURRENT_SCALES if s > 1]
    for scale in growing:
        summary = curve(measured, "small_inputs", scale)["summary"]
        assert summary["ratio_last_over_k0"] > 1e3 and summary["k_of_max"] == 99
        # The bound would allow s per step; saturated units pass back little, so the gradient grows by 1.1 to 1.35.
        assert 1.05 < summary["growth_per_step"] < 1.35 and summary["growth_per_step"] < scale - 0.15
    slopes = [curve(measured, "small_inputs", s)["summary"]["mean_tanh_slope"] for s in RECURRENT_SCALES]
    assert slopes == sorted(slopes, reverse=True)
    # Saturation wins at the top: from small inputs s = 4 explodes less than s = 3, however the inputs are rounded.
    three, four = curve(measured, "small_inputs", 3.0), curve(measured, "small_inputs", 4.0)
    assert four["summary"]["ratio_last_over_k0"] < three["summary"]["ratio_last_over_k0"]
    assert four["rounding_spread"]["ratio_max"] < three["rounding_spread"]["ratio_min"]


def test_with_the_pages_inputs_only_the_largest_scales_explode(measured):
    ratio = {s: curve(measured, "page_inputs", s)["summary"]["ratio_last_over_k0"] for s in RECURRENT_SCALES}
    # Standard-normal inputs push h off 0 at once: s = 1 and 1.5 still vanish, s = 2 about holds, 3 and 4 explode.
    assert 0.55 < curve(measured, "page_inputs", 1.0)["summary"]["mean_tanh_slope"] < 0.7
    assert ratio[1.0] < 1e-12 and ratio[1.5] < 1e-3
    assert 0.1 < ratio[2.0] < 10
    assert ratio[3.0] > 1e6 and ratio[4.0] > ratio[3.0]
    three, four = curve(measured, "page_inputs", 3.0), curve(measured, "page_inputs", 4.0)
    assert three["rounding_spread"]["ratio_min"] > 1e5 and four["rounding_spread"]["ratio_min"] > 1e6
    # However float32 rounds the inputs, both explode, and s = 4 typically more (its ranges may touch s = 3's).
    assert four["rounding_spread"]["ratio_median"] > 100 * three["rounding_spread"]["ratio_median"]
    # s = 1 is the page's SimpleRNN curve, there in float32: the same number to float32's precision.
    assert ratio[1.0] == pytest.approx(measured["curves"]["simple_rnn"]["summary"]["ratio_last_over_k0"], rel=1e-4)


def test_the_growth_per_step_is_s_times_the_slope_where_the_gradient_is_not_s_times_the_mean_slope(measured):
    # The page, at s = 3 with its inputs: s × (mean slope) predicts a gradient that shrinks every step, yet it grows.
    three = curve(measured, "page_inputs", 3.0)["summary"]
    assert three["scale_times_mean_slope"] == pytest.approx(3 * three["mean_tanh_slope"], rel=1e-6)
    assert three["scale_times_mean_slope"] < 1 < three["growth_per_step"]
    # U is s times an orthogonal matrix, so one step back multiplies the state gradient's norm by exactly s times
    # the slopes' root mean square weighted by the gradient: over the sequence, growth = s × that slope.
    for inputs_name in INPUT_SCALES:
        for scale in RECURRENT_SCALES:
            summary = curve(measured, inputs_name, scale)["summary"]
            assert summary["state_gradient_growth_per_step"] == pytest.approx(
                scale * summary["slope_where_the_gradient_is"], rel=1e-4
            ), (inputs_name, scale)
    # The gradient with respect to the inputs grows at the state gradient's rate (they differ only at the ends).
    assert three["growth_per_step"] == pytest.approx(three["state_gradient_growth_per_step"], rel=0.02)
    # The slope that passes the gradient is above the plain mean: the unsaturated units, a minority of the units,
    # carry most of what goes back, while a third of them are saturated and pass almost nothing.
    assert three["slope_where_the_gradient_is"] > three["mean_tanh_slope"] + 0.05
    assert three["share_of_units_unsaturated"] < 0.5 < three["share_of_gradient_through_unsaturated_units"]
    assert three["share_saturated"] > 0.25
    # The thresholds the page names: saturated is |h| > 0.99 (slope below 0.02), unsaturated a slope above one half.
    assert UNSATURATED_SLOPE == 0.5
    assert "|h| > 0.99 (1 − h² < 0.02)" in measured["exploding"]["saturated"]


def test_small_inputs_keep_tanh_near_linear_at_s_1_but_not_at_s_1_5(measured):
    # The page: at s = 1 the state stays near 0 and the gradient follows the matrix; at s = 1.5 the state grows
    # until tanh bends, and the gradient grows by less than 1.5 per step.
    one, one_and_a_half = (curve(measured, "small_inputs", s)["summary"] for s in (1.0, 1.5))
    assert one["mean_tanh_slope"] > 0.99 and 0.5 < one["ratio_last_over_k0"] < 2
    assert one_and_a_half["mean_tanh_slope"] < 0.8
    assert 1 < one_and_a_half["growth_per_step"] < 1.5 - 0.3
    assert one_and_a_half["ratio_last_over_k0"] > 1e3


def test_float32_rounding_moves_the_ratio_only_where_the_gradient_explodes(measured):
    # The page: moving every input by one float32 rounding step leaves the first three digits alone where the
    # gradient vanishes or holds, and moves an exploding ratio by more than a factor of 10 (chaos, not noise).
    steady = [("page_inputs", s) for s in (0.5, 1.0, 1.5, 2.0)] + [("small_inputs", s) for s in (0.5, 1.0, 1.5)]
    for inputs_name, scale in steady:
        spread = curve(measured, inputs_name, scale)["rounding_spread"]
        assert spread["ratio_max"] / spread["ratio_min"] - 1 < 1e-3, (inputs_name, scale)
    for inputs_name, scale in [("page_inputs", 3.0), ("page_inputs", 4.0), ("small_inputs", 3.0)]:
        spread = curve(measured, inputs_name, scale)["rounding_spread"]
        assert spread["copies"] == ROUNDED_COPIES and spread["ratio_max"] / spread["ratio_min"] > 10, (
            inputs_name,
            scale,
        )
    # The range includes the exact inputs' ratio, the one the page quotes.
    for inputs_name in INPUT_SCALES:
        for scale in RECURRENT_SCALES:
            measured_curve = curve(measured, inputs_name, scale)
            spread, ratio = measured_curve["rounding_spread"], measured_curve["summary"]["ratio_last_over_k0"]
            assert spread["ratio_min"] <= ratio <= spread["ratio_max"], (inputs_name, scale)


def test_the_exploding_curves_are_float64_on_the_pages_float32_weights():
    layer = build_layer("simple_rnn", recurrent_scale=3.0)
    wide = twin(layer, dtype="float64")
    assert wide.dtype == "float64"
    for narrow_weights, wide_weights in zip(layer.get_weights(), wide.get_weights(), strict=True):
        assert wide_weights.dtype == np.float64
        np.testing.assert_array_equal(wide_weights, narrow_weights)


def test_the_recurrent_scale_multiplies_every_gate_of_the_recurrent_kernel():
    for kind in GATES:
        plain, scaled = build_layer(kind), build_layer(kind, recurrent_scale=2.5)
        np.testing.assert_array_equal(scaled.cell.recurrent_kernel.numpy(), plain.cell.recurrent_kernel.numpy() * 2.5)
        np.testing.assert_array_equal(scaled.cell.kernel.numpy(), plain.cell.kernel.numpy())


@pytest.fixture(scope="module")
def shipped():
    return json.loads(DEMO_DATA.read_text())


def test_the_demo_data_file_is_a_fresh_export(shipped, saved):
    stale = "run `.venv/bin/python scripts/save_gradients_through_time.py`"
    assert {key: value for key, value in shipped.items() if key != "float64_reference"} == demo_data(), stale
    # The page's float64 ratios the demo shows beside its own: those of the saved result the page quotes.
    assert shipped["float64_reference"] == demo_reference(saved), stale


def test_the_demo_reference_is_the_pages_exploding_measurement(saved):
    reference = demo_reference(saved)
    assert (reference["cell"], reference["steps"]) == ("simple_rnn", saved["steps"])
    assert [row["recurrent_scale"] for row in reference["scales"]] == list(RECURRENT_SCALES)
    for row in reference["scales"]:
        curve = saved["exploding"]["page_inputs"][scale_key(row["recurrent_scale"])]
        assert row["ratio_last_over_k0"] == curve["summary"]["ratio_last_over_k0"]
        # The exact inputs' ratio lies inside the range the demo quotes for float32-sized changes of the inputs.
        assert row["rounding_min"] <= row["ratio_last_over_k0"] <= row["rounding_max"]


def test_the_demo_gets_exactly_pythons_float32_weights(shipped):
    # The JSON holds decimals; read as float32 (as the browser's Float32Array does) they are the layer's weights.
    for kind in GATES:
        layer = build_layer(kind)
        for name, weights in zip(["kernel", "recurrent_kernel", "bias"], layer.get_weights(), strict=True):
            np.testing.assert_array_equal(np.asarray(shipped["cells"][kind][name], dtype=np.float32), weights)
    # The LSTM ships with Keras' default forget bias (1) in the slice the demo overwrites: the second of four.
    units = shipped["units"]
    lstm_bias = np.asarray(shipped["cells"]["lstm"]["bias"])
    assert shipped["cells"]["lstm"]["gates"].index("forget") == 1
    np.testing.assert_array_equal(lstm_bias[units : 2 * units], 1.0)


def test_the_first_t_shipped_inputs_are_pythons_inputs_of_length_t(shipped):
    sequence = np.asarray(shipped["inputs"], dtype=np.float32)
    assert sequence.shape == (DEMO_STEPS, shipped["input_features"])
    for steps in (2, 25, 100, DEMO_STEPS):
        np.testing.assert_array_equal(sequence[:steps], inputs(steps)[0])
