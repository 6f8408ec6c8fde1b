"""Seeded generator of a MovieLens-100K-like world of users, items and ratings (batches.py draws
later interactions from the same world).

Why synthetic: the teaching project must run offline, reproducibly and quickly, yet the data
should behave like MovieLens-100K (long-tailed popularity, genre-driven taste, ratings around
3.5, every user with >= 20 ratings, a 1997-09 .. 1998-04 timeline) so that the same models and
metrics give comparable, meaningful numbers.

Model of the world (all draws from one ``numpy.random.Generator`` seeded by ``seed``):

* items have 1-3 genres (weighted by MovieLens genre frequencies), a latent vector, a
  long-tailed (lognormal) popularity and a small quality offset;
* users have 2-3 favourite genres, a latent vector, a bias and a long-tailed activity;
* affinity(u, i) = genre_weight * genre match + latent_weight * <u, i>;
* which items a user rates: sampled without replacement with probability proportional to
  popularity ** popularity_weight * exp(selection_weight * affinity) (Gumbel top-k trick);
* rating = 3.5-ish + rating_scale * standardised affinity + biases + noise, rounded, clipped 1..5;
* timestamps: each user rates in a random order spread over a personal active period, so taste
  is stable over time and a per-user time split is meaningful.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .schemas import GENRES

# User x item cells of the dense matrices drawn at a time (64 MB per float matrix).
BLOCK_CELLS = 1 << 23

# Item counts per genre in MovieLens-100K (without "unknown"), used as sampling weights.
_GENRE_FREQUENCY = np.array(
    [251, 135, 42, 122, 505, 109, 50, 725, 22, 24, 92, 56, 61, 247, 101, 251, 71, 27], dtype=float
)
_ACTIVE_GENRES = np.array(GENRES[1:])

START_TIMESTAMP = 874_724_710  # 1997-09-20, first rating in MovieLens-100K
END_TIMESTAMP = 893_286_638  # 1998-04-22, last rating in MovieLens-100K
DAY = 86_400

_ADJECTIVES = [
    "Silent",
    "Red",
    "Last",
    "Hidden",
    "Broken",
    "Golden",
    "Dark",
    "Lost",
    "Wild",
    "Secret",
    "Frozen",
    "Burning",
    "Quiet",
    "Eternal",
    "Crimson",
    "Lonely",
    "Savage",
    "Gentle",
    "Distant",
    "Forgotten",
    "Electric",
    "Hollow",
    "Midnight",
    "Northern",
    "Painted",
    "Restless",
    "Scarlet",
    "Shattered",
    "Silver",
    "Stolen",
    "Sudden",
    "Tender",
    "Velvet",
    "Wicked",
    "Winter",
    "Bitter",
    "Brave",
    "Cold",
    "Crooked",
    "Empty",
    "Fallen",
    "Final",
    "Iron",
    "Little",
    "Lucky",
    "Mad",
    "Mighty",
    "Naked",
    "Perfect",
    "Proud",
    "Sacred",
]
_NOUNS = [
    "Harbor",
    "Road",
    "River",
    "Kingdom",
    "Garden",
    "Mirror",
    "Stranger",
    "Promise",
    "Island",
    "Shadow",
    "Empire",
    "Dream",
    "City",
    "Horizon",
    "Letter",
    "Machine",
    "Highway",
    "Orchard",
    "Station",
    "Summer",
    "Storm",
    "Tower",
    "Valley",
    "Voyage",
    "Witness",
    "Angel",
    "Bridge",
    "Circus",
    "Desert",
    "Detective",
    "Engine",
    "Forest",
    "Frontier",
    "Heart",
    "Hunter",
    "Journey",
    "Legacy",
    "Lighthouse",
    "Memory",
    "Mountain",
    "Night",
    "Ocean",
    "Outlaw",
    "Planet",
    "Prince",
    "Rebel",
    "Secret",
    "Soldier",
    "Sparrow",
]


@dataclass(frozen=True)
class WorldConfig:
    """Knobs of the generator; defaults are tuned so models behave like on MovieLens-100K."""

    latent_dim: int = 12
    popularity_sigma: float = 1.3  # spread of log-popularity (long tail)
    popularity_weight: float = 1.5  # exponent on popularity when choosing what to rate
    selection_weight: float = 2.5  # how strongly affinity drives what users choose to rate
    genre_weight: float = 1.0  # share of affinity coming from genre match
    latent_weight: float = 0.5  # share of affinity coming from latent vectors
    rating_mean: float = 2.65  # rating offset before selection (observed mean ends ~3.5)
    rating_scale: float = 0.7  # rating change per standard deviation of affinity
    rating_noise: float = 0.7  # std of per-rating noise
    quality_weight: float = 0.4  # rating bonus per std of log-popularity (hits are liked)
    activity_sigma: float = 1.0  # spread of log-activity beyond the 20-rating minimum
    min_per_user: int = 20
    max_user_share: float = 0.45  # a user rates at most this share of the catalogue


@dataclass(frozen=True)
class World:
    """Hidden parameters of a world; rebuilt from the seed by both generators."""

    item_genres: np.ndarray  # (items, 18) 0/1
    item_latent: np.ndarray  # (items, d)
    item_log_popularity: np.ndarray  # (items,)
    item_quality: np.ndarray  # (items,)
    user_genres: np.ndarray  # (users, 18) preference weights
    user_latent: np.ndarray  # (users, d)
    user_bias: np.ndarray  # (users,)
    user_log_activity: np.ndarray  # (users,)
    affinity_mean: float
    affinity_std: float


def _sample_item_genres(
    rng: np.random.Generator, n: int, frequency_power: float = 1.0
) -> np.ndarray:
    """Draw 1-3 distinct genres per row, weighted by genre frequency ** power (Gumbel top-k)."""
    counts = rng.choice([1, 2, 3], size=n, p=[0.5, 0.35, 0.15])
    log_weights = frequency_power * np.log(_GENRE_FREQUENCY)
    keys = log_weights + rng.gumbel(size=(n, _GENRE_FREQUENCY.size))
    order = np.argsort(-keys, axis=1)
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.arange(order.shape[1])[None, :], axis=1)
    return (rank < counts[:, None]).astype(float)


def _sample_user_genres(rng: np.random.Generator, n: int) -> np.ndarray:
    """Preference weight per genre: ~1 for 2-3 favourite genres, slightly negative otherwise."""
    # Flatter than item frequencies (power 0.5) so niche genres (Western, Film-Noir) have fans.
    favourites = _sample_item_genres(rng, n, 0.5)
    extra = rng.random(n) < 0.6  # most users get at least two favourites
    second = _sample_item_genres(rng, n, 0.5) * extra[:, None]
    liked = np.clip(favourites + second, 0.0, 1.0)
    return liked * rng.uniform(0.7, 1.0, size=liked.shape) - 0.15 * (1.0 - liked)


def build_world(rng: np.random.Generator, users: int, items: int, config: WorldConfig) -> World:
    """Draw all hidden user and item parameters of the world."""
    d = config.latent_dim
    item_genres = _sample_item_genres(rng, items)
    item_latent = rng.normal(0.0, 1.0 / np.sqrt(d), size=(items, d))
    item_log_popularity = rng.normal(0.0, config.popularity_sigma, size=items)
    item_quality = config.quality_weight * item_log_popularity / config.popularity_sigma
    item_quality = item_quality + rng.normal(0.0, 0.3, size=items)
    user_genres = _sample_user_genres(rng, users)
    user_latent = rng.normal(0.0, 1.0 / np.sqrt(d), size=(users, d))
    user_bias = rng.normal(0.0, 0.35, size=users)
    user_log_activity = rng.normal(0.0, config.activity_sigma, size=users)
    world = World(
        item_genres,
        item_latent,
        item_log_popularity,
        item_quality,
        user_genres,
        user_latent,
        user_bias,
        user_log_activity,
        0.0,
        1.0,
    )
    mean, std = _affinity_moments(world, _user_blocks(users, items), config)
    return World(**{**world.__dict__, "affinity_mean": mean, "affinity_std": std})


def _user_blocks(users: int, items: int) -> list[np.ndarray]:
    """The users' rows in blocks of at most `BLOCK_CELLS` user x item cells (at least one user
    each): the dense matrices of a block stay small however many users and items there are."""
    per_block = max(1, BLOCK_CELLS // max(items, 1))
    return [np.arange(start, min(users, start + per_block)) for start in range(0, users, per_block)]


def _affinity_moments(
    world: World, blocks: list[np.ndarray], config: WorldConfig
) -> tuple[float, float]:
    """Mean and standard deviation of the whole affinity matrix, a block of users at a time."""
    if len(blocks) == 1:
        affinity = user_affinity(world, blocks[0], config)
        return float(affinity.mean()), float(affinity.std())
    cells = sum(len(block) for block in blocks) * world.item_latent.shape[0]
    mean = sum(float(user_affinity(world, block, config).sum()) for block in blocks) / cells
    squares = sum(
        float(np.square(user_affinity(world, block, config) - mean).sum()) for block in blocks
    )
    return mean, float(np.sqrt(squares / cells))


def user_affinity(world: World, user_rows: np.ndarray, config: WorldConfig) -> np.ndarray:
    """Affinity matrix (len(user_rows), items): genre match plus latent dot product."""
    genre_share = world.item_genres / world.item_genres.sum(axis=1, keepdims=True)
    genre_match = world.user_genres[user_rows] @ genre_share.T
    latent = world.user_latent[user_rows] @ world.item_latent.T
    return config.genre_weight * genre_match + config.latent_weight * latent


def _user_activity(world: World, total: int, items: int, config: WorldConfig) -> np.ndarray:
    """Ratings per user: min_per_user plus a lognormal share of the rest; sums to ``total``."""
    users = world.user_log_activity.size
    cap = max(config.min_per_user, int(items * config.max_user_share))
    if total < users * config.min_per_user or total > users * cap:
        raise ValueError(f"cannot place {total} interactions on {users} users x {items} items")
    weights = np.exp(world.user_log_activity)
    extra = total - users * config.min_per_user
    counts = config.min_per_user + np.floor(extra * weights / weights.sum()).astype(int)
    counts = np.minimum(counts, cap)
    # Hand out the remainder (from flooring and capping) to the most active uncapped users.
    order = np.argsort(-weights, kind="stable")
    while (missing := total - counts.sum()) > 0:
        room = order[counts[order] < cap]
        counts[room[:missing]] += 1
    return counts


def ratings_from_affinity(
    rng: np.random.Generator,
    world: World,
    affinity: np.ndarray,
    user_rows: np.ndarray,
    item_cols: np.ndarray,
    config: WorldConfig,
    shift: float = 0.0,
) -> np.ndarray:
    """Integer 1..5 ratings for chosen (user, item) pairs given their affinity."""
    z = (affinity - world.affinity_mean) / world.affinity_std
    raw = (
        config.rating_mean
        + shift
        + config.rating_scale * z
        + world.user_bias[user_rows]
        + world.item_quality[item_cols]
        + rng.normal(0.0, config.rating_noise, size=z.size)
    )
    return np.clip(np.rint(raw), 1, 5).astype(np.int64)


def _timestamps(rng: np.random.Generator, user_rows: np.ndarray, n_users: int) -> np.ndarray:
    """Per-user active period inside the ML-100K window; ratings spread over it in random order."""
    window = END_TIMESTAMP - START_TIMESTAMP
    span = np.minimum(rng.lognormal(np.log(30 * DAY), 1.2, size=n_users), window)
    start = START_TIMESTAMP + rng.random(n_users) * (window - span)
    offsets = rng.random(user_rows.size) * span[user_rows]
    return (start[user_rows] + offsets).astype(np.int64)


def _titles(rng: np.random.Generator, n: int) -> np.ndarray:
    """Unique titles "The <Adjective> <Noun> (<year>)" drawn without replacement."""
    years = np.arange(1922, 1999)
    grid = len(_ADJECTIVES) * len(_NOUNS) * years.size
    codes = rng.choice(grid, size=n, replace=False)
    adjective, rest = np.divmod(codes, len(_NOUNS) * years.size)
    noun, year = np.divmod(rest, years.size)
    adj = np.array(_ADJECTIVES)[adjective]
    nn = np.array(_NOUNS)[noun]
    return np.char.add(np.char.add(np.char.add("The ", adj), " "), nn) + np.char.add(
        " (", np.char.add(years[year].astype(str), ")")
    )


def _sample_world_pairs(
    rng: np.random.Generator, world: World, counts: np.ndarray, config: WorldConfig
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Choose counts[u] distinct items per user (Gumbel top-k); returns rows, cols, affinity.
    Drawn a block of users at a time (the same draws as all at once)."""
    items = world.item_latent.shape[0]
    blocks = [
        _sample_block_pairs(rng, world, block, counts, config)
        for block in _user_blocks(counts.size, items)
    ]
    rows, cols, affinity = (np.concatenate(parts) for parts in zip(*blocks, strict=True))
    return rows, cols, affinity


def _sample_block_pairs(
    rng: np.random.Generator,
    world: World,
    user_rows: np.ndarray,
    counts: np.ndarray,
    config: WorldConfig,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    affinity = user_affinity(world, user_rows, config)
    logits = (
        config.popularity_weight * world.item_log_popularity[None, :]
        + config.selection_weight * affinity
    )
    keys = logits + rng.gumbel(size=logits.shape)
    order = np.argsort(-keys, axis=1)
    take = np.arange(order.shape[1])[None, :] < counts[user_rows][:, None]
    local = np.broadcast_to(np.arange(user_rows.size)[:, None], order.shape)[take]
    cols = order[take]
    return user_rows[local], cols, affinity[local, cols]


def simulate_world(
    users: int, items: int, interactions: int, seed: int, config: WorldConfig
) -> tuple[np.random.Generator, World, np.ndarray, np.ndarray, np.ndarray]:
    """Hidden world plus the chosen (user row, item column) pairs; shared by both generators."""
    rng = np.random.default_rng(seed)
    world = build_world(rng, users, items, config)
    counts = _user_activity(world, interactions, items, config)
    rows, cols, affinity = _sample_world_pairs(rng, world, counts, config)
    return rng, world, rows, cols, affinity


def generate_world(
    users: int = 900,
    items: int = 1600,
    interactions: int = 100_000,
    seed: int = 42,
    config: WorldConfig | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Generate (ratings, items) of a MovieLens-100K-like world, exactly reproducible per seed.

    ratings: ``user_id, item_id, rating, timestamp`` (ints, ids from 1, ratings 1..5, unix
    seconds between 1997-09-20 and 1998-04-22), sorted by user_id then timestamp.
    items: ``item_id, title, genres`` (genres "|"-joined, 1-3 per item, never "unknown").
    """
    config = config or WorldConfig()
    rng, world, rows, cols, affinity = simulate_world(users, items, interactions, seed, config)
    ratings = pd.DataFrame(
        {
            "user_id": rows + 1,
            "item_id": cols + 1,
            "rating": ratings_from_affinity(rng, world, affinity, rows, cols, config),
            "timestamp": _timestamps(rng, rows, users),
        }
    )
    ratings = ratings.sort_values(["user_id", "timestamp", "item_id"], ignore_index=True)
    return ratings, _item_table(rng, world)


def _item_table(rng: np.random.Generator, world: World) -> pd.DataFrame:
    """Item id, unique title and "|"-joined genre names."""
    n = world.item_genres.shape[0]
    genre_lists = [
        "|".join(_ACTIVE_GENRES[np.flatnonzero(row)]) for row in world.item_genres.astype(bool)
    ]
    return pd.DataFrame(
        {"item_id": np.arange(1, n + 1), "title": _titles(rng, n), "genres": genre_lists}
    )
