"""Seattle's daily weather 2012–2015, loaded offline and split by time, for the recurrent-network section.

The data is ``seattle-weather.csv`` from the pinned ``vega_datasets`` package (it ships inside the wheel, so no
network is needed): 1,461 days with precipitation (mm), temp_max and temp_min (°C), wind (m/s) and a ``weather``
label (sun, rain, drizzle, fog, snow).

What we predict is computed from the measurements, not taken from the label: the label changes meaning over the
years (2014–2015 call most wet days "fog" and almost none "rain"), so a model trained to predict it would
mostly learn a labelling habit. ``explore`` measures that drift for the page.

* Target: "wet tomorrow", precipitation > 0 on the day after the last observed day.
* Split by the year of the day being predicted: train 2012–2013, validation 2014, test 2015. Never shuffled
  across time; a window may look back into the previous year (those days are the past, known at forecast time),
  but no target day belongs to two splits.
* Inputs: the last ``window`` days of five features (precipitation, temp_max, temp_min, wind, wet flag),
  standardised with means and standard deviations of the training years only; the browser needs the same
  numbers, so they are stored in the model cards.
"""

import csv
import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

FEATURES = ("precipitation", "temp_max", "temp_min", "wind", "wet")
MEASUREMENTS = FEATURES[:4]
LABELS = ("sun", "rain", "drizzle", "fog", "snow")
TRAIN_YEARS = (2012, 2013)
VALIDATION_YEARS = (2014,)
TEST_YEARS = (2015,)
SPLITS = {"train": TRAIN_YEARS, "validation": VALIDATION_YEARS, "test": TEST_YEARS}
SOURCE = "vega_datasets 0.9.0 seattle-weather.csv (Seattle daily weather 2012-2015)"


def csv_path() -> Path:
    """The CSV inside the installed vega_datasets package (a local file; vega_datasets never downloads it)."""
    import vega_datasets

    path = Path(vega_datasets.__file__).parent / "_data" / "seattle-weather.csv"
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: install the pinned vega_datasets (pip install -e .[dev]).")
    return path


@dataclass(frozen=True)
class WeatherDays:
    """One row per day, in date order."""

    dates: np.ndarray  # datetime64[D]
    measurements: np.ndarray  # (days, 4) float64: precipitation, temp_max, temp_min, wind
    labels: np.ndarray  # (days,) str: the dataset's own weather label
    checksum_sha256: str

    @property
    def years(self) -> np.ndarray:
        return self.dates.astype("datetime64[Y]").astype(int) + 1970

    @property
    def wet(self) -> np.ndarray:
        """1 where any precipitation was measured that day, else 0."""
        return (self.measurements[:, 0] > 0).astype(np.int64)

    @property
    def features(self) -> np.ndarray:
        """(days, 5): the four measurements and the wet flag, unstandardised."""
        return np.column_stack([self.measurements, self.wet]).astype(np.float64)


def load_days(path: Path | None = None) -> WeatherDays:
    path = Path(path) if path is not None else csv_path()
    raw = path.read_bytes()
    rows = list(csv.DictReader(raw.decode().splitlines()))
    dates = np.array([date(*map(int, row["date"].split("/"))) for row in rows], dtype="datetime64[D]")
    if np.any(np.diff(dates) != np.timedelta64(1, "D")):
        raise ValueError(f"{path}: days are not consecutive and in order")
    measurements = np.array([[float(row[name]) for name in MEASUREMENTS] for row in rows])
    labels = np.array([row["weather"] for row in rows])
    return WeatherDays(dates, measurements, labels, hashlib.sha256(raw).hexdigest())


@dataclass(frozen=True)
class Standardisation:
    """x' = (x - mean) / std per feature, with the training years' statistics."""

    mean: np.ndarray
    std: np.ndarray

    def apply(self, features: np.ndarray) -> np.ndarray:
        return ((features - self.mean) / self.std).astype(np.float32)

    def to_dict(self) -> dict:
        return {
            "features": list(FEATURES),
            "mean": [round(float(v), 8) for v in self.mean],
            "std": [round(float(v), 8) for v in self.std],
            "computed_on": f"days of {TRAIN_YEARS[0]}-{TRAIN_YEARS[-1]} (training years) only",
        }


def training_standardisation(days: WeatherDays) -> Standardisation:
    train = days.features[np.isin(days.years, TRAIN_YEARS)]
    return Standardisation(train.mean(axis=0), train.std(axis=0))


def target_days(days: WeatherDays, split: str, window: int = 1) -> np.ndarray:
    """Indices of the days to predict in ``split`` that have ``window`` earlier days of history."""
    index = np.flatnonzero(np.isin(days.years, SPLITS[split]))
    return index[index >= window]


@dataclass(frozen=True)
class Windows:
    x: np.ndarray  # (n, window, 5) float32, standardised
    y: np.ndarray  # (n,) int64: wet on the target day
    target_index: np.ndarray  # (n,) index of the predicted day in WeatherDays
    today_wet: np.ndarray  # (n,) int64: wet on the last observed day (what persistence and Markov use)


def make_windows(days: WeatherDays, split: str, window: int, scaler: Standardisation | None = None) -> Windows:
    """The last ``window`` days before each target day of ``split`` (oldest first), and whether it was wet."""
    scaler = scaler or training_standardisation(days)
    scaled = scaler.apply(days.features)
    targets = target_days(days, split, window)
    x = np.stack([scaled[t - window : t] for t in targets]) if len(targets) else np.zeros((0, window, 5))
    wet = days.wet
    return Windows(x.astype(np.float32), wet[targets], targets, wet[targets - 1])


def transition_counts(days: WeatherDays, split: str = "train") -> np.ndarray:
    """2×2 counts [today][tomorrow] (0 dry, 1 wet) over the target days of ``split``."""
    targets = target_days(days, split, 1)
    counts = np.zeros((2, 2), dtype=np.int64)
    np.add.at(counts, (days.wet[targets - 1], days.wet[targets]), 1)
    return counts


def explore(days: WeatherDays) -> dict:
    """What the page shows before any modelling: the label drift and the memory in wet/dry."""
    years = sorted(set(days.years.tolist()))
    wet = days.wet.astype(bool)
    per_year = {}
    for year in years:
        in_year = days.years == year
        per_year[str(year)] = {
            "days": int(in_year.sum()),
            "wet_days": int((in_year & wet).sum()),
            "label_counts": {label: int(((days.labels == label) & in_year).sum()) for label in LABELS},
            "label_counts_on_wet_days": {
                label: int(((days.labels == label) & in_year & wet).sum()) for label in LABELS
            },
        }
    counts = transition_counts(days, "train")
    conditional = {}
    for today, name in ((1, "wet_today"), (0, "dry_today")):
        n = int(counts[today].sum())
        conditional[name] = {
            "days": n,
            "wet_tomorrow": int(counts[today, 1]),
            "p_wet_tomorrow": round(float(counts[today, 1] / n), 6),
        }
    return {
        "source": SOURCE,
        "checksum_sha256": days.checksum_sha256,
        "n_days": len(days.dates),
        "first_day": str(days.dates[0]),
        "last_day": str(days.dates[-1]),
        "wet_definition": "precipitation > 0",
        "per_year": per_year,
        "p_wet_tomorrow_given_today": {
            "years": list(TRAIN_YEARS),
            **conditional,
            "transition_counts": counts.tolist(),
        },
    }


def median_wet_day_precipitation(days: WeatherDays, years: tuple[int, ...] = TRAIN_YEARS) -> float:
    """The median precipitation (mm) of the wet days of ``years``: the amount a demo gives a day a reader makes wet.

    A typical wet day of the training years, rather than an invented amount, so an edited window stays like
    the days the model learned from."""
    precipitation = days.measurements[np.isin(days.years, years), 0]
    return float(np.median(precipitation[precipitation > 0]))


def measured_ranges(days: WeatherDays) -> dict[str, list[float]]:
    """[lowest, highest] of each measurement over every day of the data: the values a reader may type in."""
    return {
        name: [float(days.measurements[:, i].min()), float(days.measurements[:, i].max())]
        for i, name in enumerate(MEASUREMENTS)
    }
