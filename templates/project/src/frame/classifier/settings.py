"""The settings sections of a project whose model is a scikit-learn classifier over a table: how
rows are held out, which estimators, what each outcome costs, how the served model is chosen.
A project subclasses `EvaluationSettings` (and `DataSettings`) to add its own fields.
"""

from pydantic import Field

from ..evaluation.binary import CostMatrix
from ..settings import EstimatorSettings, ProjectSettings, Section


class SplitSettings(Section):
    """Shares of all rows held out for validation and for test; how rows are assigned is the
    data stage's.
    """

    validation_fraction: float = Field(default=0.2, gt=0, lt=0.5)
    test_fraction: float = Field(default=0.2, gt=0, lt=0.5)


class ModelSettings(Section):
    main: EstimatorSettings
    baseline: EstimatorSettings
    dummy: EstimatorSettings


class EvaluationSettings(Section):
    costs: CostMatrix
    # The validation metric by which the main model and the logistic baseline compete to be served.
    selection_metric: str = "roc_auc"


class ClassifierSettings(ProjectSettings):
    """What the classifier stages read; a project's settings class subclasses it and adds its data
    section (and may narrow `evaluation` to its own subclass).
    """

    split: SplitSettings = SplitSettings()
    model: ModelSettings
    evaluation: EvaluationSettings
