"""The settings of machine failure: the sections every task has (frame.settings, frame.tasks), the
classifier's (frame.classifier.settings), and what only this task needs: how many processes to
generate, how many shuffles the permutation importance takes and how many resamples the PR-AUC
interval takes. Its values are the shared keys of configs/*.yaml with `tasks.failure` merged over
them.
"""

from pydantic import Field

from frame.classifier.settings import ClassifierSettings, CostMatrix, SplitSettings
from frame.classifier.settings import EvaluationSettings as ClassifierEvaluationSettings
from frame.settings import DataSettings as SourceSettings
from frame.tasks import TaskSettings

__all__ = ["CostMatrix", "DataSettings", "EvaluationSettings", "FailureSettings", "SplitSettings"]


class DataSettings(SourceSettings):
    synthetic_rows: int = Field(default=10_000, ge=1000)  # processes in the generated data set


class EvaluationSettings(ClassifierEvaluationSettings):
    permutation_repeats: int = Field(default=5, ge=1)
    bootstrap_samples: int = Field(default=200, ge=10)


class FailureSettings(TaskSettings, ClassifierSettings):
    """The machine-failure task: one milling process per row (AI4I 2020), a classifier."""

    data: DataSettings
    evaluation: EvaluationSettings
