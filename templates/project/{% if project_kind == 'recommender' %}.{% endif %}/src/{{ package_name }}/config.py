"""This project's settings: the sections every project has (frame.settings), and what a
recommender configures for itself: how big the generated world is, how each user's timeline is
split, which models compete, and the cut-off of the ranking metrics.
"""

from pydantic import Field

from frame.settings import DataSettings as SourceSettings
from frame.settings import EstimatorSettings, ProjectSettings, Section


class DataSettings(SourceSettings):
    # How big the generated data set is.
    synthetic_users: int = Field(default=900, ge=50)
    synthetic_items: int = Field(default=1600, ge=100)
    synthetic_interactions: int = Field(default=100_000, ge=2_000)


class SplitSettings(Section):
    """Per user, by time: each user's latest interactions are held out, never a random sample."""

    validation_fraction: float = Field(default=0.1, gt=0, lt=0.5)
    test_fraction: float = Field(default=0.1, gt=0, lt=0.5)


class ModelSettings(Section):
    positive_rating: int = Field(default=4, ge=1, le=5)  # a rating at least this is a positive
    candidates: list[EstimatorSettings] = Field(min_length=1)  # personalised; best on validation
    baseline: EstimatorSettings


class EvaluationSettings(Section):
    k: int = Field(default=10, ge=1, le=100)  # the cut-off of every @k metric
    curve_ks: list[int] = Field(default_factory=lambda: [1, 3, 5, 10, 20, 50])  # metrics-by-k plot


class Settings(ProjectSettings):
    data: DataSettings
    split: SplitSettings = SplitSettings()
    model: ModelSettings
    evaluation: EvaluationSettings
