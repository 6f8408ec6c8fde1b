{% extends "shared/classification/config.py" %}
{% block data_fields %}    synthetic_rows: int = Field(ge=100)
{% endblock %}
{% block evaluation_fields %}    permutation_repeats: int = Field(default=5, ge=1)
    slice_columns: list[str] = Field(default_factory=list){% endblock %}
