{% extends "shared/config.py" %}
{% block pydantic_imports %}, model_validator{% endblock %}
{% block kind_sections %}

class SplitSettings(Section):
    """Shares of all rows held out for validation and for test; how rows are assigned is the
    data stage's (see dataset.split_dataset).
    """

    validation_fraction: float = Field(default=0.2, gt=0, lt=0.5)
    test_fraction: float = Field(default=0.2, gt=0, lt=0.5)


class ModelSettings(Section):
    main: EstimatorSettings
    baseline: EstimatorSettings
    dummy: EstimatorSettings


class CostMatrix(Section):
    """Cost of each outcome for one scored row; only differences between cells matter."""

    true_negative: float = 0.0
    false_positive: float = Field(ge=0)
    false_negative: float = Field(ge=0)
    true_positive: float = Field(ge=0)

    @model_validator(mode="after")
    def acting_must_pay_off(self) -> "CostMatrix":
        if self.true_positive >= self.false_negative:
            raise ValueError(
                "true_positive must cost less than false_negative, or no alert is worth raising"
            )
        return self


class EvaluationSettings(Section):
    costs: CostMatrix
    # The validation metric by which the main model and the logistic baseline compete to be served.
    selection_metric: str = "roc_auc"
{% block evaluation_fields %}{% endblock %}{% endblock %}
{% block settings %}{{ super() }}

# What the shared classifier stage (modeling/classifier.py) trains with.
ClassifierSettings = Settings{% endblock %}
