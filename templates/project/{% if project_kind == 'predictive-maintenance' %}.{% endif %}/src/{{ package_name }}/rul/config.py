"""The settings of remaining useful life: the sections every task has (frame.settings,
frame.tasks), and this task's own: how big the generated fleet is, how engines are held out, the
regressors and their features, how the test engines are judged. Its values are the shared keys of
configs/*.yaml with `tasks.rul` merged over them.
"""

from pydantic import Field, model_validator

from frame.settings import DataSettings, EstimatorSettings, Section
from frame.tasks import TaskSettings


class RulDataSettings(DataSettings):
    synthetic_train_engines: int = Field(default=100, ge=10)
    synthetic_test_engines: int = Field(default=100, ge=1)
    # Not read by this task (its data is counted in engines); accepted so that one
    # APP_DATA__SYNTHETIC_ROWS, which reaches every task, does not fail here.
    synthetic_rows: int = Field(default=10_000, ge=1000)


class RulSplitSettings(Section):
    """Share of the run-to-failure engines held out, whole, to validate on; the test engines
    come from their own file.
    """

    validation_fraction: float = Field(default=0.2, gt=0, lt=0.5)


class RulModelSettings(Section):
    main: EstimatorSettings
    baseline: EstimatorSettings  # the simple candidate the main model competes with (ridge)
    dummy: EstimatorSettings  # a constant: the training mean
    rul_cap: int = Field(default=125, ge=1)  # the target: min(cycles left, cap)
    windows: list[int] = Field(default_factory=lambda: [10, 20, 30], min_length=1)
    max_request_cycles: int = Field(default=50, ge=1)  # the most cycles POST /predict/rul takes

    @model_validator(mode="after")
    def windows_fit_a_request(self) -> "RulModelSettings":
        if max(self.windows) > self.max_request_cycles:
            raise ValueError("the longest window must fit in max_request_cycles")
        return self


class RulEvaluationSettings(Section):
    near_failure: int = Field(default=50, ge=1)  # test engines with at most this RUL form a slice
    bootstrap_samples: int = Field(default=200, ge=10)


class RulSettings(TaskSettings):
    """The remaining-useful-life task: engines' cycles (C-MAPSS FD001), a regressor."""

    data: RulDataSettings
    split: RulSplitSettings = RulSplitSettings()
    model: RulModelSettings
    evaluation: RulEvaluationSettings = RulEvaluationSettings()
