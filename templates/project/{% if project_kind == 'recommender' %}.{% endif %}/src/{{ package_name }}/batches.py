"""New interactions after the generated world's time window, for `make batch` and drift
monitoring: the world is rebuilt from its seed (synthetic.py), then extended with new users and
items; a drifted batch shifts who rates, what and how.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .synthetic import (
    DAY,
    END_TIMESTAMP,
    World,
    WorldConfig,
    build_world,
    ratings_from_affinity,
    simulate_world,
    user_affinity,
)


@dataclass(frozen=True)
class BatchDrift:
    """How a batch differs from the world: share of new users/items, popularity, ratings."""

    new_share: float = 0.025  # share of rows from new users, and (independently) on new items
    popularity_exponent: float = 1.0  # 1 = as in the world, < 0 favours previously rare items
    rating_shift: float = 0.0  # added to the latent rating before rounding
    rows_per_new_user: int = 8


# A known user's next items come from what they have not rated yet, which leans to the tail; a
# popularity exponent of 1.3 gives a normal batch the training interactions' popularity profile.
NORMAL_BATCH = BatchDrift(new_share=0.015, popularity_exponent=1.3)
DRIFTED_BATCH = BatchDrift(new_share=0.3, popularity_exponent=-0.6, rating_shift=-0.8)
BATCH_DAYS = 30


def _extend_world(
    rng: np.random.Generator, world: World, new_users: int, new_items: int, config: WorldConfig
) -> World:
    """World with extra users and items appended, drawn from the same distributions."""
    extra = build_world(rng, max(new_users, 1), max(new_items, 1), config)

    def stack(name: str, count: int) -> np.ndarray:
        return np.concatenate([getattr(world, name), getattr(extra, name)[:count]])

    item_fields = ("item_genres", "item_latent", "item_log_popularity", "item_quality")
    user_fields = ("user_genres", "user_latent", "user_bias", "user_log_activity")
    return World(
        **{name: stack(name, new_items) for name in item_fields},
        **{name: stack(name, new_users) for name in user_fields},
        affinity_mean=world.affinity_mean,
        affinity_std=world.affinity_std,
    )


def _draw_batch_pairs(
    rng: np.random.Generator,
    world: World,
    n: int,
    seen: np.ndarray,
    drift: BatchDrift,
    config: WorldConfig,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """n (user row, item column, affinity) draws; new users/items have rows >= known sizes.

    ``seen`` is the (known users, known items) boolean matrix of world pairs; those pairs are
    never drawn, so known users get fresh items and shares of new users/items stay as set.
    """
    known_users, known_items = seen.shape
    n_users, n_items = world.user_latent.shape[0], world.item_latent.shape[0]
    new_user = rng.random(n) < drift.new_share
    activity = np.exp(world.user_log_activity[:known_users])
    user_rows = np.where(
        new_user & (n_users > known_users),
        rng.integers(known_users, max(n_users, known_users + 1), size=n),
        rng.choice(known_users, size=n, p=activity / activity.sum()),
    )
    new_item = (rng.random(n) < drift.new_share) & (n_items > known_items)
    is_new_column = np.arange(n_items) >= known_items
    popularity = drift.popularity_exponent * config.popularity_weight * world.item_log_popularity
    item_cols = np.empty(n, dtype=np.int64)
    for start in range(0, n, 4096):  # chunks bound memory at 4096 x n_items floats
        chunk = slice(start, min(start + 4096, n))
        chunk_affinity = user_affinity(world, user_rows[chunk], config)
        logits = popularity + config.selection_weight * chunk_affinity
        allowed = is_new_column[None, :] == new_item[chunk, None]
        rows_chunk = user_rows[chunk]
        known_rows = rows_chunk < known_users
        allowed[np.flatnonzero(known_rows), :known_items] &= ~seen[rows_chunk[known_rows]]
        keys = np.where(allowed, logits + rng.gumbel(size=logits.shape), -np.inf)
        item_cols[chunk] = np.argmax(keys, axis=1)
    affinity = np.einsum("ij,ij->i", *_pair_factors(world, user_rows, item_cols, config))
    return user_rows, item_cols, affinity


def _pair_factors(
    world: World, user_rows: np.ndarray, item_cols: np.ndarray, config: WorldConfig
) -> tuple[np.ndarray, np.ndarray]:
    """Row-aligned user and item feature blocks whose row-wise dot product is the affinity."""
    genre_share = world.item_genres / world.item_genres.sum(axis=1, keepdims=True)
    user_part = np.hstack(
        [config.genre_weight * world.user_genres[user_rows], world.user_latent[user_rows]]
    )
    item_part = np.hstack(
        [genre_share[item_cols], config.latent_weight * world.item_latent[item_cols]]
    )
    return user_part, item_part


def _expected_rating(
    world: World,
    affinity: np.ndarray,
    user_rows: np.ndarray,
    item_cols: np.ndarray,
    config: WorldConfig,
) -> np.ndarray:
    """Noise-free latent rating of (user, item) pairs, used to calibrate batch ratings.

    Known users in a batch rate items they skipped before (lower affinity), which would lower
    the mean rating by ~0.2 even without drift; the batch is shifted back by the difference so
    that a normal batch has the world's rating distribution and only drift changes it.
    """
    z = (affinity - world.affinity_mean) / world.affinity_std
    return config.rating_scale * z + world.user_bias[user_rows] + world.item_quality[item_cols]


def generate_batch(
    rows: int,
    world_seed: int,
    batch_seed: int,
    drifted: bool = False,
    users: int = 900,
    items: int = 1600,
    interactions: int = 100_000,
    config: WorldConfig | None = None,
) -> pd.DataFrame:
    """New interactions (user_id, item_id, rating, timestamp) after the world's time window.

    The world is rebuilt from ``world_seed`` (pass the same sizes as to ``generate_world``);
    the batch's own draws come from (world_seed, batch_seed). Normal batches: ~2.5% of rows
    from new users and ~2.5% on new items (ids above the world's), same popularity and rating
    distribution. ``drifted=True``: ~30% new users and items, popularity inverted towards
    previously rare items, ratings about 1 star lower. No (user, item) pair repeats the world or
    the batch itself. Timestamps fall in the 30 days after 1998-04-22.
    """
    config = config or WorldConfig()
    drift = DRIFTED_BATCH if drifted else NORMAL_BATCH
    _, world, world_rows, world_cols, world_affinity = simulate_world(
        users, items, interactions, world_seed, config
    )
    rng = np.random.default_rng([world_seed, batch_seed])
    new_users = int(np.ceil(drift.new_share * rows / drift.rows_per_new_user))
    new_items = int(np.ceil(drift.new_share * items))
    extended = _extend_world(rng, world, new_users, new_items, config)
    seen = np.zeros((users, items), dtype=bool)
    seen[world_rows, world_cols] = True
    taken: set[int] = set()
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    have = 0
    while have < rows:  # oversample, drop repeated pairs, top up if needed (rarely loops)
        u, i, a = _draw_batch_pairs(
            rng, extended, int((rows - have) * 1.1) + 16, seen, drift, config
        )
        keys = u.astype(np.int64) * (items + new_items + 1) + i
        _, first = np.unique(keys, return_index=True)
        first = np.sort(first)
        fresh = first[~np.isin(keys[first], np.fromiter(taken, np.int64, len(taken)))]
        fresh = np.sort(rng.permutation(fresh)[: rows - have])  # unbiased pick of the extras
        taken.update(keys[fresh].tolist())
        parts.append((u[fresh], i[fresh], a[fresh]))
        have += fresh.size
    user_rows, item_cols, affinity = (np.concatenate(column) for column in zip(*parts, strict=True))
    calibration = _expected_rating(world, world_affinity, world_rows, world_cols, config).mean()
    calibration -= _expected_rating(extended, affinity, user_rows, item_cols, config).mean()
    ratings = ratings_from_affinity(
        rng,
        extended,
        affinity,
        user_rows,
        item_cols,
        config,
        shift=calibration + drift.rating_shift,
    )
    timestamps = END_TIMESTAMP + 1 + (rng.random(rows) * BATCH_DAYS * DAY).astype(np.int64)
    batch = pd.DataFrame(
        {
            "user_id": user_rows + 1,
            "item_id": item_cols + 1,
            "rating": ratings,
            "timestamp": timestamps,
        }
    )
    return batch.sort_values(["timestamp", "user_id", "item_id"], ignore_index=True)
