"""A small recurrent network that reads the last days of Seattle weather and says how likely tomorrow is wet.

    days (window, 5 standardised features) -> rnn (SimpleRNN or GRU, a few units) -> wet_tomorrow (sigmoid)

The recurrent layer runs the same cell once per day, oldest first, carrying a state vector h from day to day:
for the SimpleRNN, h_t = tanh(W x_t + U h_{t-1} + b) on column vectors, which Keras computes on rows as
x_t Wᵀ + h_{t-1} Uᵀ: its ``kernel`` is Wᵀ (features × units), its ``recurrent_kernel`` Uᵀ. Each window starts
from h_0 = 0 (``stateful=False``, Keras' default). Its last state feeds one sigmoid unit. The demo on the site
steps through the days and draws h, so the layers are named and small.

Built with ``tf_keras`` (Keras 2), as TF.js 4.22 loads only Keras 2 models. The GRU uses ``reset_after=False``
(the reset gate applied to h_{t-1} before the recurrent matrix) because TF.js 4.22 cannot load tf_keras' default
GRU, ``reset_after=True`` (applied after it, with a second bias: cuDNN's formula, the default so that a GPU can
run the layer as one fused cuDNN kernel). The two are different functions; src/tfvisual/weather_cells.py writes
out both.
"""

from dataclasses import asdict, dataclass

import numpy as np
import tf_keras as keras

from tfvisual.data.weather import FEATURES

CELLS = ("simple_rnn", "gru")


@dataclass(frozen=True)
class WeatherRNNConfig:
    cell: str = "simple_rnn"
    units: int = 8
    # How many past days the network reads (oldest first); the day to predict follows the last one.
    window: int = 14
    epochs: int = 40
    batch_size: int = 32
    learning_rate: float = 3e-3
    seed: int = 1

    def to_dict(self) -> dict:
        return asdict(self)


def build_model(config: WeatherRNNConfig) -> keras.Model:
    if config.cell not in CELLS:
        raise ValueError(f"cell must be one of {CELLS}, not {config.cell!r}")
    inputs = keras.Input(shape=(config.window, len(FEATURES)), name="days")
    if config.cell == "simple_rnn":
        state = keras.layers.SimpleRNN(config.units, name="rnn")(inputs)
    else:
        state = keras.layers.GRU(config.units, reset_after=False, name="rnn")(inputs)
    outputs = keras.layers.Dense(1, activation="sigmoid", name="wet_tomorrow")(state)
    return keras.Model(inputs, outputs, name=f"weather_{config.cell}")


def train(model: keras.Model, config: WeatherRNNConfig, x: np.ndarray, y: np.ndarray, verbose=0):
    """Fixed epochs (no early stopping on the test year); shuffling follows the seed set by the caller.
    Shuffling mixes training windows between batches only: each window stays in its own time order."""
    model.compile(
        optimizer=keras.optimizers.Adam(config.learning_rate),
        loss="binary_crossentropy",
        metrics=["accuracy"],
    )
    return model.fit(
        x, y.astype(np.float32), epochs=config.epochs, batch_size=config.batch_size, shuffle=True, verbose=verbose
    )


def wet_probability(model: keras.Model, x: np.ndarray) -> np.ndarray:
    return model.predict(x, verbose=0, batch_size=512)[:, 0].astype(np.float64)
