"""Remaining useful life, described once for the frame (the contract is frame.contract.Project):
its settings, stages, service, drift monitoring and published reports. The package's project.py
serves it beside machine failure. Each part is built by a function, so that a command imports
only the modules it needs.
"""

from frame.contract import Project, Reports, Scoring, Serving, Stages

from .config import RulSettings


def stages() -> Stages[RulSettings]:
    from .dataset import prepare_data
    from .modeling.evaluate import evaluate
    from .modeling.train import train

    return Stages(prepare_data=prepare_data, train=train, evaluate=evaluate)


def serving() -> Serving[RulSettings]:
    from .api.routes import demos, load_model_for_serving, router

    return Serving(router, load_model_for_serving, demos())


def scoring() -> Scoring[RulSettings]:
    from .modeling.predict import predict_partition
    from .schemas import UNIT_COLUMN

    return Scoring(score=predict_partition, together=UNIT_COLUMN)


PROJECT: Project[RulSettings] = Project(
    name="rul",
    settings=RulSettings,
    stages=stages,
    serving=serving,
    scoring=scoring,
    monitoring=None,  # drift monitoring watches machine readings, not engines
    reports=Reports(
        figures=["predicted_vs_true.png", "error_by_rul.png", "engine_trajectories.png"],
        model_card_sections=[
            "Intended use",
            "Data",
            "Model selection on the validation engines",
            "Test metrics against baselines",
            "Uncertainty",
            "Error analysis (test engines)",
            "Limits",
        ],
        headline=["rmse", "mae", "nasa_score"],
        key_figure="engine_trajectories.png",
        compared={"": "served model", "baseline": "other candidate", "dummy": "training mean"},
    ),
)
