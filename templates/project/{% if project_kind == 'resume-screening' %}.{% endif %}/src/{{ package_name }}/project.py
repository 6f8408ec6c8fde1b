"""This project, described once for the frame (the contract is frame.contract.Project): its
settings, stages, service, drift monitoring and published reports. The command line and the
service are built from it. Each part is built by a function, so that a command imports only the
modules it needs and `--help` stays fast.
"""

from frame.contract import Monitoring, Project, Reports, Scoring, Serving, Stages

from .config import Settings


def stages() -> Stages[Settings]:
    from .dataset import prepare_data
    from .modeling.evaluate import evaluate
    from .modeling.train import train

    return Stages(prepare_data=prepare_data, train=train, evaluate=evaluate)


def serving() -> Serving[Settings]:
    from .api.routes import DEMOS, load_model_for_serving, router

    return Serving(router, load_model_for_serving, DEMOS)


def scoring() -> Scoring[Settings]:
    from .modeling.predict import predict_partition

    return Scoring(score=predict_partition)


def monitoring() -> Monitoring[Settings]:
    from . import dataset, features

    return Monitoring(
        write_batch=dataset.write_batch,
        reference=lambda settings: dataset.load_split(settings, "train"),
        read_batch=dataset.read_batch,
        features=features.monitored_features,
        numeric=features.NUMERIC_FEATURES,
        categorical=features.CATEGORICAL_FEATURES,
        batch_file=dataset.BATCH_FILE,
    )


PROJECT: Project[Settings] = Project(
    name=__name__.partition(".")[0],
    settings=Settings,
    stages=stages,
    serving=serving,
    scoring=scoring,
    monitoring=monitoring,
    reports=Reports(
        figures=[
            "confusion_matrix.png",
            "per_class_f1.png",
            "reliability.png",
            "ranking.png",
            "selection_rates.png",
        ],
        model_card_sections=[
            "Model details",
            "Intended use",
            "Data",
            "Model selection on the validation split",
            "Test metrics against baselines",
            "Bias audit",
            "Trade-offs and limitations",
        ],
        headline=["accuracy", "macro_f1", "top_3_accuracy", "ndcg_at_10", "map_at_10"],
        key_figure="confusion_matrix.png",
        compared={
            "": "served model",
            "baseline": "keyword rules / lexical only",
            "dummy": "most frequent / random order",
        },
    ),
)
