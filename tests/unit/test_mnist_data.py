"""The embedded MNIST digits load in the documented format and split the same way every time."""

import shutil

import numpy as np
import pytest

from tfvisual.data import mnist


@pytest.fixture(scope="module")
def digits():
    return mnist.load_embedded_digits()


@pytest.fixture(scope="module")
def split():
    return mnist.load_embedded_split()


def test_embedded_digits_are_10000_grey_images_with_every_label(digits):
    images, labels, checksum = digits
    assert images.shape == (10_000, 28, 28, 1)
    assert images.dtype == np.float32
    assert images.min() == 0.0 and images.max() == 1.0
    assert labels.shape == (10_000,)
    assert set(np.unique(labels)) == set(range(10))
    assert len(checksum) == 64 and int(checksum, 16) >= 0


def test_pixels_are_whole_grey_levels_so_the_card_can_store_them_as_bytes(digits):
    images = digits[0]
    grey_levels = images * 255
    assert np.abs(grey_levels - np.rint(grey_levels)).max() < 0.2


def test_split_sizes_and_disjoint(split, digits):
    assert split.x_train.shape == (8_000, 28, 28, 1)
    assert split.x_heldout.shape == (2_000, 28, 28, 1)
    assert len(split.y_train) == 8_000 and len(split.y_heldout) == 2_000
    train_indices, heldout_indices = mnist.stratified_split(digits[1])
    assert len(np.intersect1d(train_indices, heldout_indices)) == 0
    assert len(np.union1d(train_indices, heldout_indices)) == 10_000
    np.testing.assert_array_equal(split.heldout_indices, heldout_indices)
    np.testing.assert_array_equal(split.x_heldout, digits[0][heldout_indices])
    np.testing.assert_array_equal(split.y_heldout, digits[1][heldout_indices])


def test_split_is_stratified_within_one_digit_per_class(digits):
    labels = digits[1]
    _, heldout_indices = mnist.stratified_split(labels)
    for digit in range(10):
        exact_share = 0.2 * np.sum(labels == digit)
        held_out = np.sum(labels[heldout_indices] == digit)
        assert abs(held_out - exact_share) < 1, (digit, held_out, exact_share)


def test_split_is_deterministic_and_depends_on_the_seed(digits):
    labels = digits[1]
    first = mnist.stratified_split(labels, seed=7)
    again = mnist.stratified_split(labels, seed=7)
    other = mnist.stratified_split(labels, seed=8)
    np.testing.assert_array_equal(first[0], again[0])
    np.testing.assert_array_equal(first[1], again[1])
    assert not np.array_equal(first[1], other[1])


def test_heldout_set_is_not_ordered_by_digit(split):
    # The demo shows held-out digits in split order; they should not all be zeros first.
    assert len(np.unique(split.y_heldout[:50])) >= 8


def test_missing_embedded_digits_name_the_fixing_command(tmp_path):
    with pytest.raises(mnist.MnistDataMissing, match="npm ci"):
        mnist.load_embedded_digits(tmp_path)


def test_one_missing_file_is_reported_by_name(tmp_path):
    for digit in range(9):
        shutil.copy(mnist.EMBEDDED_DIGITS_DIR / f"{digit}.json", tmp_path)
    with pytest.raises(mnist.MnistDataMissing, match=r"9\.json.*npm ci"):
        mnist.load_embedded_digits(tmp_path)


def test_full_mnist_is_read_from_the_keras_cache_with_its_own_split(tmp_path):
    rng = np.random.default_rng(0)
    cache = tmp_path / "mnist.npz"
    arrays = {
        "x_train": rng.integers(0, 256, (60, 28, 28), dtype=np.uint8),
        "y_train": rng.integers(0, 10, 60, dtype=np.uint8),
        "x_test": rng.integers(0, 256, (10, 28, 28), dtype=np.uint8),
        "y_test": rng.integers(0, 10, 10, dtype=np.uint8),
    }
    np.savez(cache, **arrays)
    split = mnist.load_keras_split(cache)
    assert split.x_train.shape == (60, 28, 28, 1) and split.x_heldout.shape == (10, 28, 28, 1)
    np.testing.assert_allclose(split.x_heldout[..., 0] * 255, arrays["x_test"], atol=1e-4)
    np.testing.assert_array_equal(split.y_train, arrays["y_train"])
    assert split.checksum_sha256 == mnist._sha256_of_files([cache])


def test_unknown_source_is_rejected():
    with pytest.raises(ValueError, match="embedded"):
        mnist.load_split("fashion")


def test_validation_digits_are_carved_from_the_training_digits_only(split):
    x_fit, y_fit, x_val, y_val = mnist.carve_validation(split.x_train, split.y_train)
    assert (len(y_fit), len(y_val)) == (7000, 1000)
    # Stratified: every digit within one of its exact share of the training digits.
    exact = np.bincount(split.y_train, minlength=10) * mnist.VALIDATION_FRACTION
    assert np.abs(np.bincount(y_val, minlength=10) - exact).max() <= 1
    # No validation digit is a held-out digit, nor a digit the recipe is fitted on.
    held_out = {image.tobytes() for image in split.x_heldout}
    fitted = {image.tobytes() for image in x_fit}
    assert not any(image.tobytes() in held_out or image.tobytes() in fitted for image in x_val)
    again = mnist.carve_validation(split.x_train, split.y_train)
    assert np.array_equal(again[3], y_val) and np.array_equal(again[2], x_val)
