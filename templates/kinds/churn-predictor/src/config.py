{% extends "shared/config.py" %}
{% block pydantic_imports %}, model_validator{% endblock %}
{% block data_fields %}    synthetic_rows: int = Field(ge=100)
{% endblock %}
{% block kind_sections %}

class SplitSettings(Section):
    validation_fraction: float = Field(default=0.2, gt=0, lt=0.5)
    test_fraction: float = Field(default=0.2, gt=0, lt=0.5)


class ModelSettings(Section):
    main: EstimatorSettings
    baseline: EstimatorSettings
    dummy: EstimatorSettings


class CostMatrix(Section):
    """Cost of each outcome for one customer; only differences between cells matter."""

    true_negative: float = 0.0
    false_positive: float = Field(ge=0)
    false_negative: float = Field(ge=0)
    true_positive: float = Field(ge=0)

    @model_validator(mode="after")
    def acting_must_pay_off(self) -> "CostMatrix":
        if self.true_positive >= self.false_negative:
            raise ValueError(
                "true_positive must cost less than false_negative, or no one is worth contacting"
            )
        return self


class EvaluationSettings(Section):
    costs: CostMatrix
    permutation_repeats: int = Field(default=5, ge=1)
    slice_columns: list[str] = Field(default_factory=list){% endblock %}
