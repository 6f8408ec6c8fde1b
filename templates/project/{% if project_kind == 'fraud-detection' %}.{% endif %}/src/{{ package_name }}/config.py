"""This project's settings: the sections every project has (frame.settings), the classifier's
(frame.classifier.settings), and what only fraud detection needs: how many transactions to
generate and how many of them are frauds, which OpenML data set `public` means, the review team's
alert budget and how many bootstrap resamples the model card's intervals take.
"""

from pydantic import Field

from frame.classifier.settings import ClassifierSettings, CostMatrix, SplitSettings
from frame.classifier.settings import EvaluationSettings as ClassifierEvaluationSettings
from frame.settings import DataSettings as SourceSettings

__all__ = ["CostMatrix", "DataSettings", "EvaluationSettings", "Settings", "SplitSettings"]


class DataSettings(SourceSettings):
    synthetic_rows: int = Field(ge=1000)  # transactions in the generated data set
    synthetic_fraud_rate: float = Field(default=0.002, gt=0, lt=0.5)
    openml_id: int = Field(ge=1)  # the public data set's id on OpenML


class EvaluationSettings(ClassifierEvaluationSettings):
    alert_budget: float = Field(default=0.005, gt=0, lt=1)  # share of transactions reviewed
    bootstrap_samples: int = Field(default=200, ge=10)


class Settings(ClassifierSettings):
    data: DataSettings
    evaluation: EvaluationSettings
