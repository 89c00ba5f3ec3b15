"""Write a Kneser-Ney character model (``tfvisual.ngram``) to one small binary file, and read it back.

The browser scores text with the same model as Python (docs/javascripts/lib/ngram.js), so the file holds only what
cannot be recomputed: for every level, its n-gram keys and their counts, and its three discounts. Everything else
the recursion needs (which contexts exist, each context's total and the mass it gives to the shorter context) is
derived at load time exactly as ``ngram._level`` derives it, so the Python and JavaScript readers rebuild the same
tables from the same numbers.

Format (version 1; every fixed-size number little-endian):

    header    8 bytes  magic b"TFVNGRAM"
              uint32   format version (1)
              uint32   vocabulary size V
              uint32   order n (levels 1..n follow; levels 1..n-1 hold continuation counts, level n raw counts)
    level k   uint32   number of n-grams stored at this level (m)
              uint32   bytes of the key section
              uint32   bytes of the count section
              float64  D1, D2, D3+ (the discounts; the reader checks them against the counts)
              keys     m varints: the sorted keys as differences from the previous key (the first from 0)
              counts   m varints
    nothing after the last level

A key is the k characters of an n-gram read as a number in base V (the same int64 key ``tfvisual.ngram`` uses).
Sorted keys are close together, so storing the differences instead of the keys shrinks most of them from 4-5
bytes to 1-2, and a count is usually 1, one byte. A varint (LEB128) stores 7 bits per byte, lowest first, with the
top bit set on every byte but the last. JavaScript holds numbers as float64, exact for integers below 2**53, so
the format refuses a model whose keys could reach 2**53 (for 75 characters: order 9 and above).
"""

import struct
from pathlib import Path

import numpy as np

from tfvisual import ngram

MAGIC = b"TFVNGRAM"
VERSION = 1
HEADER = struct.Struct("<8s3I")
LEVEL_HEADER = struct.Struct("<3I3d")
MAX_KEY = 2**53  # every key must stay below it: integers up to here are exact in JavaScript's float64 numbers
VARINT_MAX_BYTES = 8  # 8 x 7 bits = 56 bits cover every value below 2**53; a longer number is a corrupt file
FORMAT_DESCRIPTION = (
    "little-endian; header: magic 'TFVNGRAM', uint32 version, uint32 vocabulary size, uint32 order; then per level "
    "(n-gram length 1..order): uint32 n-grams, uint32 key bytes, uint32 count bytes, float64 x3 discounts, the "
    "sorted base-V keys as delta varints (LEB128), the counts as varints. Context keys, totals and backoff "
    "mass are derived at load time."
)


class NgramFormatError(ValueError):
    """The bytes are not a model this module wrote (wrong magic or version, truncated, or corrupt)."""


def fits_format(vocabulary_size: int, order: int) -> bool:
    """Whether every key of an order-``order`` model stays below 2**53 (exact in JavaScript)."""
    return vocabulary_size**order <= MAX_KEY


def encode_varints(values: np.ndarray) -> bytes:
    """LEB128 varints of non-negative integers below 2**53, vectorised: each value becomes 1-8 bytes."""
    values = np.asarray(values, dtype=np.uint64)
    lengths = np.ones(len(values), dtype=np.int64)
    for groups in range(1, VARINT_MAX_BYTES):
        lengths += values >= np.uint64(1 << (7 * groups))
    # One output byte per 7-bit group: which value it belongs to, and which group of that value it is.
    owner = np.repeat(np.arange(len(values)), lengths)
    group = np.arange(len(owner)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    low_bits = (values[owner] >> (7 * group).astype(np.uint64)) & np.uint64(0x7F)
    more_follows = group < lengths[owner] - 1
    return (low_bits | np.where(more_follows, np.uint64(0x80), np.uint64(0))).astype(np.uint8).tobytes()


def decode_varints(data: bytes, count: int, what: str) -> np.ndarray:
    """Exactly ``count`` varints filling ``data`` completely, as uint64; anything else is a corrupt file."""
    raw = np.frombuffer(data, dtype=np.uint8)
    ends = np.flatnonzero(raw < 0x80)  # the last byte of each number is the one without the top bit
    if len(ends) != count or len(raw) != (ends[-1] + 1 if count else 0):
        raise NgramFormatError(f"{what}: expected {count:,} numbers in {len(raw):,} bytes, found {len(ends):,}")
    if not count:
        return np.zeros(0, dtype=np.uint64)
    starts = np.concatenate([[0], ends[:-1] + 1])
    lengths = ends - starts + 1
    if lengths.max() > VARINT_MAX_BYTES:
        raise NgramFormatError(f"{what}: a number longer than {VARINT_MAX_BYTES} bytes")
    group = np.arange(len(raw)) - np.repeat(starts, lengths)
    parts = (raw & 0x7F).astype(np.uint64) << (7 * group).astype(np.uint64)
    return np.add.reduceat(parts, starts)


def encode(model: ngram.KneserNey) -> bytes:
    """The file's bytes for ``model``; refuses an order whose keys would not be exact in JavaScript."""
    size, order = model.vocabulary_size, model.order
    if not fits_format(size, order):
        raise ValueError(
            f"order-{order} keys over {size} characters reach {size**order:.3g}, beyond 2**53, the largest "
            "integer JavaScript holds exactly: this format cannot store them"
        )
    parts = [HEADER.pack(MAGIC, VERSION, size, order)]
    for level in model.levels:
        key_bytes = encode_varints(np.diff(level.keys, prepend=0))
        count_bytes = encode_varints(level.counts)
        header = LEVEL_HEADER.pack(len(level.keys), len(key_bytes), len(count_bytes), *level.discounts)
        parts += [header, key_bytes, count_bytes]
    return b"".join(parts)


def _take(data: bytes, offset: int, size: int, what: str) -> bytes:
    if offset + size > len(data):
        raise NgramFormatError(f"truncated: {what} needs {size:,} bytes at byte {offset:,}, the file has {len(data):,}")
    return data[offset : offset + size]


def decode(data: bytes) -> ngram.KneserNey:
    """Rebuild the model from the file's bytes, checking every part; raises NgramFormatError if they are wrong."""
    magic, version, size, order = HEADER.unpack(_take(data, 0, HEADER.size, "the header"))
    if magic != MAGIC:
        raise NgramFormatError(f"not an n-gram model file (starts with {magic!r}, not {MAGIC!r})")
    if version != VERSION:
        raise NgramFormatError(f"format version {version}, but this reader knows version {VERSION}")
    if size < 1 or order < 1 or not fits_format(size, order):
        raise NgramFormatError(f"impossible header: vocabulary size {size}, order {order}")
    offset, levels = HEADER.size, []
    for length in range(1, order + 1):
        what = f"level {length}"
        count, key_size, count_size, *discounts = LEVEL_HEADER.unpack(
            _take(data, offset, LEVEL_HEADER.size, f"{what}'s header")
        )
        offset += LEVEL_HEADER.size
        deltas = decode_varints(_take(data, offset, key_size, f"{what}'s keys"), count, f"{what}'s keys")
        offset += key_size
        counts = decode_varints(_take(data, offset, count_size, f"{what}'s counts"), count, f"{what}'s counts")
        offset += count_size
        # A difference is below 2**56, so a sum that wrapped past 2**64 would show up as a descent here.
        keys = np.cumsum(deltas)
        if np.any(keys[1:] <= keys[:-1]) or (count and keys[-1] >= size**length) or np.any(counts == 0):
            raise NgramFormatError(f"{what}: keys not strictly ascending below {size}**{length}, or a count of 0")
        keys = keys.astype(np.int64)
        # The derived tables come from the same function that built them when counting: the same numbers, exactly.
        level = ngram._level(length, keys, counts.astype(np.int64), size)
        if level.discounts != tuple(discounts):
            raise NgramFormatError(f"{what}: the stored discounts do not match the counts (a corrupt file)")
        levels.append(level)
    if offset != len(data):
        raise NgramFormatError(f"{len(data) - offset:,} unexpected bytes after the last level")
    return ngram.KneserNey(levels, size)


def write(model: ngram.KneserNey, path: Path) -> int:
    """Write ``model`` to ``path``; returns the number of bytes written."""
    data = encode(model)
    Path(path).write_bytes(data)
    return len(data)


def read(path: Path) -> ngram.KneserNey:
    """The model stored at ``path``; a broken file raises NgramFormatError naming the file and what is wrong."""
    try:
        return decode(Path(path).read_bytes())
    except NgramFormatError as error:
        raise NgramFormatError(f"{path}: {error}") from None
