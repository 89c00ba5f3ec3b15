"""Character n-gram models with interpolated modified Kneser-Ney smoothing, and bits per character.

An order-n model is the Markov chain of the weather page with a longer memory: the next character's probability
depends on exactly the n-1 characters before it, read from a table of counts. Counting is the easy part, and so
is a context never seen in training (the model falls back to the shorter context). The hard part, and smoothing's
main job, is a context that was seen but never followed by the character that comes: a raw count would call it
impossible (infinitely many bits). Kneser-Ney smoothing (Chen & Goodman 1998, "An empirical study of smoothing
techniques for language modeling", the "interpolated modified" variant) fixes that:

    P(c | h) = (max(count(h c) - D(count), 0) + backoff(h) * P(c | h')) / total(h)

where h' is h without its oldest character. Every count seen in context h gives up a discount D (one for counts
of 1, one for 2, one for 3 or more, estimated from how many n-grams occur once, twice, ...), and the mass given up,
backoff(h) = D1*N1(h) + D2*N2(h) + D3*N3+(h), goes to the shorter context's distribution. A context never seen
passes the shorter context's distribution through unchanged; the shortest, the empty context, mixes with the
uniform distribution over the vocabulary, so no character ever gets probability 0. The shorter levels count not
how often a string occurred but after how many different characters it occurred ("continuation counts"): they
only matter where the longer context was rare or unseen, and there a string that is common only inside one longer
one (the "cisco" of "Francisco") is a poor guess, however often it was counted.

Everything is vectorised with numpy: an n-gram of character ids is one int64 key (base = vocabulary size), each
table a sorted array of keys searched with ``np.searchsorted``.
"""

from dataclasses import dataclass

import numpy as np

# Up to 8 characters of context: on the Shakespeare validation plays bits per character stop falling at order 8,
# so order 9 shows the turn. (A 9-gram key fits an int64 for vocabularies of up to 127 characters.)
MAX_ORDER = 9
# KenLM's fallback discounts for when the count-of-counts estimate is undefined or out of range (it happens for
# the shortest levels, where e.g. no character follows exactly three distinct characters).
FALLBACK_DISCOUNTS = (0.5, 1.0, 1.5)
# Bootstrap over blocks of consecutive characters, not single characters: neighbouring characters are hard or easy
# together (a new name is hard for all its letters), so resampling single characters would understate the spread.
BOOTSTRAP_BLOCK = 5000
BOOTSTRAP_RESAMPLES = 2000
BOOTSTRAP_SEED = 20261124


# --8<-- [start:discounts]
def modified_discounts(counts: np.ndarray) -> tuple[float, float, float]:
    """D1, D2, D3+ from the count-of-counts n_k (Chen & Goodman): Y = n1/(n1+2 n2), D_k = k - (k+1) Y n_{k+1}/n_k."""
    n = [int(np.sum(counts == k)) for k in range(1, 5)]
    if min(n) == 0:
        return FALLBACK_DISCOUNTS
    y = n[0] / (n[0] + 2 * n[1])
    discounts = tuple(k - (k + 1) * y * n[k] / n[k - 1] for k in (1, 2, 3))
    if not all(0 < d < k for d, k in zip(discounts, (1, 2, 3), strict=True)):
        return FALLBACK_DISCOUNTS
    return discounts


# --8<-- [end:discounts]


@dataclass(frozen=True)
class Level:
    """The table for one n-gram length: what each context h is followed by, and how often."""

    length: int
    keys: np.ndarray  # sorted int64 keys of the n-grams seen (context then character)
    counts: np.ndarray  # raw counts (the top level) or continuation counts (the shorter levels)
    discounts: tuple[float, float, float]
    context_keys: np.ndarray  # sorted keys of the (length-1)-character contexts seen
    context_totals: np.ndarray  # sum of the counts in each context
    context_backoff: np.ndarray  # the mass each context gives to the shorter one: sum of its discounts

    def discount(self, counts: np.ndarray) -> np.ndarray:
        """The discount each count gives up: 0 for an unseen n-gram, else D1, D2 or D3+."""
        d1, d2, d3 = self.discounts
        return np.select([counts == 0, counts == 1, counts == 2], [0.0, d1, d2], d3)


def _level(length: int, keys: np.ndarray, counts: np.ndarray, vocabulary_size: int) -> Level:
    discounts = modified_discounts(counts)
    d1, d2, d3 = discounts
    given_up = np.select([counts == 1, counts == 2], [d1, d2], d3)
    contexts = keys // vocabulary_size  # the keys are sorted, so each context's n-grams are one contiguous run
    context_keys, starts = np.unique(contexts, return_index=True)
    totals, backoff = np.add.reduceat(counts, starts), np.add.reduceat(given_up, starts)
    return Level(length, keys, counts, discounts, context_keys, totals, backoff)


def _find(sorted_keys: np.ndarray, queries: np.ndarray) -> np.ndarray:
    """The index of each query in ``sorted_keys``, or -1 where it is absent."""
    index = np.minimum(np.searchsorted(sorted_keys, queries), len(sorted_keys) - 1)
    return np.where(sorted_keys[index] == queries, index, -1)


def rolling_keys(ids: np.ndarray, length: int, vocabulary_size: int) -> np.ndarray:
    """key[i] encodes ids[i-length+1 .. i] (the n-gram ending at i), or -1 where there are too few characters."""
    keys = np.full(len(ids), -1, dtype=np.int64)
    if len(ids) >= length:
        window = np.zeros(len(ids) - length + 1, dtype=np.int64)
        for offset in range(length):
            window = window * vocabulary_size + ids[offset : len(ids) - length + 1 + offset]
        keys[length - 1 :] = window
    return keys


class NgramTables:
    """Every table the models of order 1..max_order need, counted once from the training ids.

    Raw counts for every length (the top level of each model) and continuation counts for every length but the
    longest (the shorter levels): the continuation count of a string s is the number of distinct characters seen
    right before it, i.e. the number of distinct (len(s)+1)-grams that end in s.
    """

    def __init__(self, ids: np.ndarray, vocabulary_size: int, max_order: int = MAX_ORDER):
        if vocabulary_size**max_order >= 2**63:
            raise ValueError(f"{max_order}-grams over {vocabulary_size} characters do not fit an int64 key")
        ids = np.asarray(ids, dtype=np.int64)
        self.vocabulary_size = vocabulary_size
        self.max_order = max_order
        self.raw: dict[int, Level] = {}
        self.continuation: dict[int, Level] = {}
        for length in range(1, max_order + 1):
            keys, counts = np.unique(rolling_keys(ids, length, vocabulary_size)[length - 1 :], return_counts=True)
            self.raw[length] = _level(length, keys, counts, vocabulary_size)
            if length > 1:
                # Each distinct n-gram contributes one "distinct preceding character" to the (n-1)-gram it ends in.
                suffixes, continuation = np.unique(keys % vocabulary_size ** (length - 1), return_counts=True)
                self.continuation[length - 1] = _level(length - 1, suffixes, continuation, vocabulary_size)

    def model(self, order: int) -> "KneserNey":
        if not 1 <= order <= self.max_order:
            raise ValueError(f"order must be 1..{self.max_order}, not {order}")
        return KneserNey([self.continuation[n] for n in range(1, order)] + [self.raw[order]], self.vocabulary_size)


class KneserNey:
    """An order-n interpolated modified Kneser-Ney model: continuation-count levels 1..n-1, raw-count level n."""

    def __init__(self, levels: list[Level], vocabulary_size: int):
        self.levels = levels
        self.vocabulary_size = vocabulary_size
        self.order = len(levels)

    def _probabilities(self, ngram_keys: list[np.ndarray]) -> np.ndarray:
        """P(last character | the ones before) for n-gram keys given at every length (-1: not enough history).

        The recursion runs from the empty context up: start uniform, then at each length either interpolate the
        table with the shorter context's probability or, where the context was never seen, keep it.
        """
        probability = np.full(ngram_keys[0].shape, 1.0 / self.vocabulary_size)
        for level, keys in zip(self.levels, ngram_keys, strict=True):
            context = _find(level.context_keys, keys // self.vocabulary_size)
            seen = (keys >= 0) & (context >= 0)
            index = _find(level.keys, keys)
            counts = np.where(index >= 0, level.counts[index], 0)
            kept = np.maximum(counts - level.discount(counts), 0.0)
            interpolated = (kept + level.context_backoff[context] * probability) / level.context_totals[context]
            probability = np.where(seen, interpolated, probability)
        return probability

    def log2_probabilities(self, ids: np.ndarray) -> np.ndarray:
        """log2 P(ids[i] | the up to n-1 ids before it), for every position of a text."""
        ids = np.asarray(ids, dtype=np.int64)
        keys = [rolling_keys(ids, length, self.vocabulary_size) for length in range(1, self.order + 1)]
        return np.log2(self._probabilities(keys))

    def distribution(self, context_ids) -> np.ndarray:
        """The full distribution over the vocabulary after ``context_ids`` (only its last n-1 ids matter)."""
        history = [int(i) for i in context_ids][-(self.order - 1) :] if self.order > 1 else []
        characters = np.arange(self.vocabulary_size, dtype=np.int64)
        keys = []
        for length in range(1, self.order + 1):
            if len(history) < length - 1:
                keys.append(np.full(self.vocabulary_size, -1, dtype=np.int64))
                continue
            context = 0
            for i in history[len(history) - (length - 1) :]:
                context = context * self.vocabulary_size + i
            keys.append(context * self.vocabulary_size + characters)
        return self._probabilities(keys)

    def context_coverage(self, ids: np.ndarray) -> float:
        """The share of positions (with a full history) whose n-1 preceding characters occur in training."""
        if self.order == 1:
            return 1.0
        keys = rolling_keys(np.asarray(ids, dtype=np.int64), self.order, self.vocabulary_size)[self.order - 1 :]
        return float(np.mean(_find(self.levels[-1].context_keys, keys // self.vocabulary_size) >= 0))

    def novel_character_share(self, ids: np.ndarray) -> float:
        """The share of positions (with a full history) whose n-1 preceding characters occur in training but were
        never followed there by the character that comes: the case a raw count calls impossible, and the one the
        discounts exist for (an unseen context simply falls back to the shorter one)."""
        top = self.levels[-1]
        keys = rolling_keys(np.asarray(ids, dtype=np.int64), self.order, self.vocabulary_size)[self.order - 1 :]
        context_seen = _find(top.context_keys, keys // self.vocabulary_size) >= 0
        return float(np.mean(context_seen & (_find(top.keys, keys) < 0)))

    def size(self) -> dict:
        """How big the tables are: why an n-gram model cannot simply remember more."""
        top = self.levels[-1]
        return {
            "ngrams_stored": int(sum(len(level.keys) for level in self.levels)),
            "contexts_stored": int(sum(len(level.context_keys) for level in self.levels)),
            "top_level_ngrams": len(top.keys),
            "top_level_contexts": len(top.context_keys),
            "possible_top_level_contexts": self.vocabulary_size ** (self.order - 1),
        }


def bits_per_character(log2_probabilities: np.ndarray) -> float:
    """Mean -log2 P over the characters: the average number of yes/no questions the model needs per character."""
    return float(-np.mean(log2_probabilities))


def block_bootstrap_interval(
    bits: np.ndarray,
    block: int = BOOTSTRAP_BLOCK,
    resamples: int = BOOTSTRAP_RESAMPLES,
    seed: int = BOOTSTRAP_SEED,
) -> tuple[float, float]:
    """95% percentile interval of the mean of ``bits`` (one value per character), resampling whole blocks."""
    starts = np.arange(0, len(bits), block)
    sums = np.add.reduceat(bits, starts)
    lengths = np.diff(np.append(starts, len(bits)))
    picks = np.random.default_rng(seed).integers(0, len(starts), size=(resamples, len(starts)))
    means = sums[picks].sum(axis=1) / lengths[picks].sum(axis=1)
    low, high = np.percentile(means, [2.5, 97.5])
    return float(low), float(high)
