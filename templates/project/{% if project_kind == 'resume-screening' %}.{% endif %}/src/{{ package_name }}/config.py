"""This project's settings: the sections every project has (frame.settings), and what resume
screening configures for itself: how big the generated data set is and what a file may hold, how
resumes are split, which classifiers compete, how the ranking is weighted, and the cut-offs of
its metrics and of the bias audit.
"""

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


class ModelSettings(Section):
    candidates: list[EstimatorSettings] = Field(min_length=1)  # best on validation is served
    baseline: EstimatorSettings  # the keyword-rule classifier


class EvaluationSettings(Section):
    k: int = Field(default=10, ge=1, le=100)  # the cut-off of the ranking metrics
    top_k: int = Field(default=3, ge=1, le=10)  # top-k accuracy of the category


class Settings(ProjectSettings):
    data: DataSettings
    split: SplitSettings = SplitSettings()
    model: ModelSettings
    evaluation: EvaluationSettings = EvaluationSettings()
