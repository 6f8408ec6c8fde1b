"""Remaining useful life, described once for the frame (the contract is frame.contract.Project):
its settings, stages, service, drift monitoring and published reports. The package's project.py
serves it beside machine failure. Each part is built by a function, so that a command imports
only the modules it needs.
"""

from typing import TYPE_CHECKING, Any

from frame.contract import Monitoring, Project, Reports, Serving, Stages
from frame.errors import DataError

from .config import RulSettings

if TYPE_CHECKING:
    import pandas as pd

NOT_MONITORED = "drift monitoring watches the failure task's readings: leave out TASK=rul"


def stages() -> Stages[RulSettings]:
    from .dataset import prepare_data, write_batch
    from .modeling.evaluate import evaluate
    from .modeling.predict import predict_file
    from .modeling.train import train

    return Stages(prepare_data, train, evaluate, predict_file, write_batch)


def serving() -> Serving[RulSettings]:
    from .api.routes import load_model_for_serving, router

    return Serving(router, load_model_for_serving)


def refuse_monitoring(*_: Any) -> "pd.DataFrame":
    raise DataError(NOT_MONITORED)


def monitoring() -> Monitoring[RulSettings]:
    """Drift monitoring watches machine readings, not engines: asked to compare a batch of
    cycles, this task says so (and `batch` writes none).
    """
    return Monitoring(
        reference=refuse_monitoring,
        read_batch=refuse_monitoring,
        features=refuse_monitoring,
        numeric=[],
        categorical=[],
    )


PROJECT: Project[RulSettings] = Project(
    name="rul",
    settings=RulSettings,
    stages=stages,
    serving=serving,
    monitoring=monitoring,
    reports=Reports(
        figures=["predicted_vs_true.png", "error_by_rul.png", "engine_trajectories.png"],
        model_card_sections=[
            "Intended use",
            "Data",
            "Model selection on the validation engines",
            "Test metrics against baselines",
            "Uncertainty",
            "Limits",
        ],
    ),
)
