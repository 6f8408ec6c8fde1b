{% extends "shared/config.py" %}
{% block data_fields %}    synthetic_users: int = Field(default=900, ge=50)
    synthetic_items: int = Field(default=1600, ge=100)
    synthetic_interactions: int = Field(default=100_000, ge=2_000)
{% endblock %}
{% block kind_sections %}

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
    curve_ks: list[int] = Field(default_factory=lambda: [1, 3, 5, 10, 20, 50])  # metrics-by-k plot{% endblock %}
