"""Seeded generator of credit-card transactions in the ULB/Kaggle ``creditcard`` schema.

The frame has the columns of the public data set, in its order: ``Time``, ``V1``..``V28``,
``Amount``, ``Class``. Nothing here is copied or resampled from the real data: the population
(component scales, fraud patterns, amount profiles, daily cycle) is a hand-written model that
imitates its published shape, and ``seed`` only controls the draws from that model.

Fraud comes in three kinds, so that a model has something to learn but cannot be perfect:

* ``takeover``: shifts V14, V12, V10, V17, V3, V16, V7, V9 down and V4, V11, V2 up, with a
  per-row strength;
* ``testing``: small "card testing" amounts, a weaker shift and inflated variance on V5/V7/V1
  (a non-linear signal that a linear model cannot use);
* ``camouflaged``: components and amounts drawn from the normal population.

Every kind of fraud keeps a flatter daily cycle than normal traffic, so fraud is relatively more
common at night; that timing is all that betrays a camouflaged one.
"""

from collections.abc import Iterator

import numpy as np
import pandas as pd

from .schemas import (
    AMOUNT_COLUMN,
    COLUMN_ORDER,
    COMPONENTS,
    MAX_AMOUNT,
    MAX_COMPONENT,
    PATTERN_COLUMN,
    TARGET_COLUMN,
)

SECONDS_PER_DAY = 86_400.0
SPAN_SECONDS = 2 * SECONDS_PER_DAY
N_COMPONENTS = 28

# Standard deviations fall from V1 to V28, as PCA components' do.
COMPONENT_SCALES = np.geomspace(1.95, 0.33, N_COMPONENTS)
# Degrees of freedom of the Student-t draws: small enough for heavy tails, > 2 for a variance.
TAIL_DF = 4.0
# Fixed seed of the population's correlation structure, so that it is the same for every `seed`.
_STRUCTURE_SEED = 20_130_901
# Direction of the "takeover" fraud, in units of each component's standard deviation.
TAKEOVER_DIRECTION = {
    "V14": -1.0,
    "V12": -0.8,
    "V10": -0.75,
    "V17": -0.85,
    "V3": -0.5,
    "V16": -0.45,
    "V4": 0.7,
    "V11": 0.6,
    "V2": 0.3,
    "V7": -0.3,
    "V9": -0.3,
}
FRAUD_KIND_SHARES = {"takeover": 0.6, "testing": 0.27, "camouflaged": 0.13}
# The largest amount in the real data set: the heavy-tailed components that the log amount leans
# on would otherwise give a few rows in a million absurd amounts (10^14 euros at some seeds).
LARGEST_AMOUNT = 25_691.16
# Daily cycles: volume at the 02:00 trough relative to the 14:00 peak, of normal traffic (drifted
# or not) and of fraud.
NORMAL_NIGHT_FLOOR = {False: 0.08, True: 0.7}
FRAUD_NIGHT_FLOOR = 0.6
# Rows drawn at a time: a larger data set is drawn window by window, so memory stays flat.
CHUNK_ROWS = 250_000


def _component_index(name: str) -> int:
    """Return the zero-based column index of component ``name`` (``"V14"`` -> 13)."""
    return int(name[1:]) - 1


def _mixing_matrix() -> np.ndarray:
    """Return a fixed near-identity matrix that makes the components weakly correlated.

    Real PCA scores are uncorrelated overall; small off-diagonal terms keep the synthetic ones
    from being perfectly independent, which would make them look obviously artificial.
    """
    structure = np.random.default_rng(_STRUCTURE_SEED)
    noise = structure.normal(0.0, 0.08, size=(N_COMPONENTS, N_COMPONENTS))
    mixing = np.eye(N_COMPONENTS) + np.triu(noise, k=1)
    return mixing / np.linalg.norm(mixing, axis=0, keepdims=True)


def _hourly_volume(hour: np.ndarray, night_floor: float) -> np.ndarray:
    """Return the relative transaction volume at ``hour`` of the day (peak 14:00, trough 02:00).

    ``night_floor`` is the volume at the trough relative to the peak; fraud uses a higher floor,
    which makes it relatively more common at night.
    """
    daylight = ((1.0 + np.cos(2.0 * np.pi * (hour - 14.0) / 24.0)) / 2.0) ** 1.5
    return night_floor + (1.0 - night_floor) * daylight


def _draw_times(
    rng: np.random.Generator, rows: int, night_floor: float, window: tuple[float, float]
) -> np.ndarray:
    """Draw ``rows`` whole-second times in ``window`` (seconds from, to; whole minutes within
    the two days) following the daily volume cycle.
    """
    start, end = window
    grid = np.arange(start, end + 1.0, 60.0)
    density = _hourly_volume((grid % SECONDS_PER_DAY) / 3600.0, night_floor)
    cumulative = np.concatenate([[0.0], np.cumsum((density[1:] + density[:-1]) / 2.0)])
    times = np.interp(rng.random(rows), cumulative / cumulative[-1], grid)
    return np.floor(np.minimum(times, end - 1.0))


def _draw_components(rng: np.random.Generator, rows: int) -> np.ndarray:
    """Draw weakly correlated, heavy-tailed, zero-mean components with decreasing variance."""
    unit_t = rng.standard_t(TAIL_DF, size=(rows, N_COMPONENTS)) / np.sqrt(TAIL_DF / (TAIL_DF - 2))
    return (unit_t @ _mixing_matrix()) * COMPONENT_SCALES


def _normal_amounts(rng: np.random.Generator, components: np.ndarray) -> np.ndarray:
    """Draw everyday amounts: lognormal around 22 with a share of tiny purchases.

    The log amount leans on V2 and V7, as the real Amount correlates with some components.
    """
    rows = len(components)
    scaled = components / COMPONENT_SCALES
    log_amount = 3.3 - 0.35 * scaled[:, 1] + 0.25 * scaled[:, 6] + rng.normal(0.0, 1.2, rows)
    tiny = rng.random(rows) < 0.12
    amounts = np.where(tiny, rng.uniform(0.0, 10.0, rows), np.exp(log_amount))
    return np.where(rng.random(rows) < 0.006, 0.0, amounts)


def _fraud_amounts(rng: np.random.Generator, kinds: np.ndarray) -> np.ndarray:
    """Draw fraud amounts: card tests of 0-2 units, otherwise a wider, larger lognormal."""
    rows = len(kinds)
    testing = kinds == "testing"
    test_amounts = rng.choice([0.0, 1.0, 0.99, 1.5, 2.0], size=rows)
    larger = np.exp(rng.normal(3.9, 1.6, rows))
    return np.where(testing | (rng.random(rows) < 0.15), test_amounts, larger)


def _fraud_components(rng: np.random.Generator, kinds: np.ndarray) -> np.ndarray:
    """Draw fraud components: the normal population moved according to each row's kind."""
    rows = len(kinds)
    scaled = _draw_components(rng, rows) / COMPONENT_SCALES
    direction = np.zeros(N_COMPONENTS)
    for name, weight in TAKEOVER_DIRECTION.items():
        direction[_component_index(name)] = weight
    strength = np.where(kinds == "takeover", 1.2 + rng.gamma(2.0, 1.0, rows), 0.0)
    strength = np.where(kinds == "testing", rng.uniform(0.5, 1.5, rows), strength)
    scaled += strength[:, None] * direction
    inflated = [_component_index(name) for name in ("V1", "V5", "V7")]
    scaled[:, inflated] *= np.where(kinds == "testing", 3.5, 1.0)[:, None]
    return scaled * COMPONENT_SCALES


def _drift(frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` as a shifted population: larger amounts, moved components, more nights."""
    drifted = frame.copy()
    drifted["Amount"] = drifted["Amount"] * 1.6 + 3.0
    for name, shift in {"V1": -0.6, "V3": 0.6, "V5": 0.3, "V8": -0.25}.items():
        drifted[name] = drifted[name] + shift * COMPONENT_SCALES[_component_index(name)]
    return drifted


def _cumulative_volume(night_floor: float) -> tuple[np.ndarray, np.ndarray]:
    """Each minute of the two days, and the volume (see `_hourly_volume`) up to it."""
    grid = np.arange(0.0, SPAN_SECONDS + 1.0, 60.0)
    density = _hourly_volume((grid % SECONDS_PER_DAY) / 3600.0, night_floor)
    return grid, np.concatenate([[0.0], np.cumsum((density[1:] + density[:-1]) / 2.0)])


def _window_edges(rows: int, night_floor: float) -> np.ndarray:
    """Whole-minute edges of the time windows drawn one at a time: one window (the two days)
    up to `CHUNK_ROWS` rows, else about one per `CHUNK_ROWS` rows, each with as much of the
    volume as the others.
    """
    windows = max(1, -(-rows // CHUNK_ROWS))
    if windows == 1:
        return np.array([0.0, SPAN_SECONDS])
    grid, cumulative = _cumulative_volume(night_floor)
    shares = np.linspace(0.0, cumulative[-1], windows + 1)
    edges = grid[np.searchsorted(cumulative, shares)]
    edges[0], edges[-1] = 0.0, SPAN_SECONDS
    return np.unique(edges)


def _window_shares(edges: np.ndarray, night_floor: float) -> np.ndarray:
    """The share of the volume that falls in each window."""
    grid, cumulative = _cumulative_volume(night_floor)
    at_edges = np.interp(edges, grid, cumulative)
    return np.diff(at_edges) / at_edges[-1]


def _draw_window(
    rng: np.random.Generator,
    n_normal: int,
    n_fraud: int,
    window: tuple[float, float],
    drifted: bool,
) -> pd.DataFrame:
    """Draw the transactions of one time window, sorted by Time (not yet shifted to start at 0)."""
    kinds = rng.choice(
        list(FRAUD_KIND_SHARES), size=n_fraud, p=list(FRAUD_KIND_SHARES.values())
    ).astype(str)
    normal_components = _draw_components(rng, n_normal)
    normal_floor = NORMAL_NIGHT_FLOOR[drifted]
    times = np.concatenate(
        [
            _draw_times(rng, n_normal, normal_floor, window),
            _draw_times(rng, n_fraud, FRAUD_NIGHT_FLOOR, window),
        ]
    )
    components = np.vstack([normal_components, _fraud_components(rng, kinds)])
    camouflaged = kinds == "camouflaged"
    fraud_amounts = np.where(
        camouflaged, _normal_amounts(rng, components[n_normal:]), _fraud_amounts(rng, kinds)
    )
    amounts = np.concatenate([_normal_amounts(rng, normal_components), fraud_amounts])
    labels = np.concatenate([np.zeros(n_normal, np.int64), np.ones(n_fraud, np.int64)])
    frame = pd.DataFrame(components, columns=COMPONENTS)
    frame.insert(0, "Time", times)
    frame["Amount"] = np.round(np.minimum(amounts, LARGEST_AMOUNT), 2)
    frame[TARGET_COLUMN] = labels
    frame[PATTERN_COLUMN] = np.concatenate([np.full(n_normal, "legitimate"), kinds]).astype(object)
    if drifted:
        frame = _drift(frame)
        frame["Amount"] = frame["Amount"].round(2)
    return within_schema(frame.sort_values("Time", kind="stable", ignore_index=True))


def within_schema(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every number inside the schema's bounds, so that the generator keeps to
    its own schema at any size and seed, not by luck: heavy tails make a draw beyond any bound
    a matter of drawing enough rows (the bounds are far beyond the real data's, so this changes
    nothing a model or a test would see).
    """
    bounded = frame.copy()
    bounded[COMPONENTS] = bounded[COMPONENTS].clip(-MAX_COMPONENT, MAX_COMPONENT)
    bounded[AMOUNT_COLUMN] = bounded[AMOUNT_COLUMN].clip(0.0, MAX_AMOUNT)
    return bounded


def generate_transaction_chunks(
    rows: int = 250_000,
    seed: int = 42,
    fraud_rate: float = 0.002,
    drifted: bool = False,
    with_pattern: bool = False,
) -> Iterator[pd.DataFrame]:
    """``rows`` synthetic transactions in the ULB ``creditcard`` schema, in consecutive time
    windows of about `CHUNK_ROWS` rows each, each sorted by Time: the frames one after the
    other are the whole set, sorted by Time, and only one window is in memory at a time.

    The number of frauds is binomial(rows, fraud_rate), so the rate varies a little by seed as
    a real sample's would; the rows are shared out among the windows by the daily cycle.
    ``drifted=True`` draws a shifted population (more night traffic, larger amounts, moved
    V1/V3/V5/V8) for monitoring tests; its labels keep the same rules. ``with_pattern=True``
    adds the ``pattern`` column: each row's kind of fraud, or ``legitimate`` (the same draws
    either way). ``Time`` starts at 0, at midnight.
    """
    if rows < 1 or not 0.0 <= fraud_rate < 1.0:
        raise ValueError(f"need rows >= 1 and 0 <= fraud_rate < 1, got {rows=} {fraud_rate=}")
    rng = np.random.default_rng(seed)
    n_fraud = int(rng.binomial(rows, fraud_rate))
    normal_floor = NORMAL_NIGHT_FLOOR[drifted]
    edges = _window_edges(rows, normal_floor)
    normal_counts, fraud_counts = np.array([rows - n_fraud]), np.array([n_fraud])
    if len(edges) > 2:  # one window draws exactly as before windows existed
        normal_counts = rng.multinomial(rows - n_fraud, _window_shares(edges, normal_floor))
        fraud_counts = rng.multinomial(n_fraud, _window_shares(edges, FRAUD_NIGHT_FLOOR))
    first_time = None
    columns = [*COLUMN_ORDER, PATTERN_COLUMN] if with_pattern else COLUMN_ORDER
    for start, end, n_normal, n_window_fraud in zip(
        edges[:-1], edges[1:], normal_counts, fraud_counts, strict=True
    ):
        if n_normal + n_window_fraud == 0:
            continue
        frame = _draw_window(rng, int(n_normal), int(n_window_fraud), (start, end), drifted)
        first_time = frame["Time"].iloc[0] if first_time is None else first_time
        frame["Time"] = frame["Time"] - first_time
        yield frame[columns]


def generate_transactions(
    rows: int = 250_000,
    seed: int = 42,
    fraud_rate: float = 0.002,
    drifted: bool = False,
    with_pattern: bool = False,
) -> pd.DataFrame:
    """``rows`` synthetic transactions in one frame, sorted by Time (see
    `generate_transaction_chunks`, which draws the same rows a window at a time).
    """
    chunks = generate_transaction_chunks(rows, seed, fraud_rate, drifted, with_pattern)
    return pd.concat(list(chunks), ignore_index=True)


def with_takeover_pattern(frame: pd.DataFrame, strength: float) -> pd.DataFrame:
    """Return ``frame`` moved ``strength`` standard deviations along the takeover fraud's
    direction: what the behaviour tests feed a model to see that it learned the pattern.
    """
    moved = frame.copy()
    for name, weight in TAKEOVER_DIRECTION.items():
        scale = COMPONENT_SCALES[_component_index(name)]
        moved[name] = moved[name] + strength * weight * scale
    return moved
