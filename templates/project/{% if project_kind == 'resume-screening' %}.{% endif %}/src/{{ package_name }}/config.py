"""This project's settings: the sections every project has (frame.settings), and what resume
screening configures for itself: how big the generated data set is and what a file may hold, how
resumes are split, which classifiers compete, how the ranking is weighted, and the cut-offs of
its metrics and of the bias audit.
"""

from typing import Literal

from pydantic import Field

from frame.settings import DataSettings as SourceSettings
from frame.settings import EstimatorSettings, ProjectSettings, Section


class DataSettings(SourceSettings):
    # How big the generated data set is: resumes (a few percent of them re-posted copies) and
    # job descriptions (half for validation, half for test).
    synthetic_resumes: int = Field(default=3000, ge=400)
    synthetic_jobs: int = Field(default=60, ge=4)


class SplitSettings(Section):
    """Stratified by category, after exact and near duplicates are removed."""

    validation_fraction: float = Field(default=0.15, gt=0, lt=0.5)
    test_fraction: float = Field(default=0.15, gt=0, lt=0.5)


Part = Literal["lexical", "coverage", "nice_to_have", "semantic"]


class RankingSettings(Section):
    """How a resume's score against a job is made: a weighted sum of these parts (see
    modeling/ranking.py), the weights chosen on the validation jobs from a grid of this step.
    """

    parts: list[Part] = Field(default=["lexical", "coverage", "nice_to_have"], min_length=1)
    weight_step: float = Field(default=0.1, ge=0.05, le=0.5)
    max_features: int = Field(default=50_000, ge=100)  # the lexical TF-IDF's vocabulary


class ModelSettings(Section):
    candidates: list[EstimatorSettings] = Field(min_length=1)  # best on validation is served
    baseline: EstimatorSettings  # the keyword-rule classifier
    ranking: RankingSettings = RankingSettings()


class EvaluationSettings(Section):
    k: int = Field(default=10, ge=1, le=100)  # the cut-off of the ranking metrics
    top_k: int = Field(default=3, ge=1, le=10)  # top-k accuracy of the category
    calibration_bins: int = Field(default=10, ge=2, le=50)
    relevant_grade: int = Field(default=1, ge=1, le=3)  # MAP@k counts this grade and above
    shortlist: int = Field(default=10, ge=1)  # the bias audit's cut: each test job's top n
    impact_ratio_floor: float = Field(default=0.8, gt=0, le=1)  # the four-fifths rule
    # The counterfactual check: how much swapping names, pronouns and gendered words may move a
    # category probability and a ranking score (both 0..1), at most, over these many resumes.
    counterfactual_resumes: int = Field(default=300, ge=10)
    probability_tolerance: float = Field(default=0.05, gt=0, le=1)
    score_tolerance: float = Field(default=0.02, gt=0, le=1)


class Settings(ProjectSettings):
    data: DataSettings
    split: SplitSettings = SplitSettings()
    model: ModelSettings
    evaluation: EvaluationSettings = EvaluationSettings()
