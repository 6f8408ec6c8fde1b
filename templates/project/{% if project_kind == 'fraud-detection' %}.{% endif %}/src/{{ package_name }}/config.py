{% extends "shared/classification/config.py" %}
{% block data_fields %}    synthetic_rows: int = Field(ge=1000)
    synthetic_fraud_rate: float = Field(default=0.002, gt=0, lt=0.5)
    openml_id: int = Field(ge=1)
{% endblock %}
{% block evaluation_fields %}    alert_budget: float = Field(default=0.005, gt=0, lt=1)
    bootstrap_samples: int = Field(default=200, ge=10){% endblock %}
