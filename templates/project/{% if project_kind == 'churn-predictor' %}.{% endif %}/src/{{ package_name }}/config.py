"""This project's settings: the sections every project has (frame.settings), the classifier's
(frame.classifier.settings), and what only churn needs: how many customers to generate, and which
columns the evaluation slices by.
"""

from pydantic import Field

from frame.classifier.settings import ClassifierSettings, CostMatrix, SplitSettings
from frame.classifier.settings import EvaluationSettings as ClassifierEvaluationSettings
from frame.settings import DataSettings as SourceSettings

__all__ = ["CostMatrix", "DataSettings", "EvaluationSettings", "Settings", "SplitSettings"]


class DataSettings(SourceSettings):
    synthetic_rows: int = Field(ge=100)  # customers in the generated data set


class EvaluationSettings(ClassifierEvaluationSettings):
    permutation_repeats: int = Field(default=5, ge=1)
    slice_columns: list[str] = Field(default_factory=list)


class Settings(ClassifierSettings):
    data: DataSettings
    evaluation: EvaluationSettings
