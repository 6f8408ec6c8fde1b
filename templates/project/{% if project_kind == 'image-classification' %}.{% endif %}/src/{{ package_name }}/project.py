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
        reference=dataset.reference,
        read_batch=dataset.read_batch,
        features=features.monitored_features,
        numeric=features.NUMERIC_FEATURES,
        categorical=features.CATEGORICAL_FEATURES,
        batch_file=dataset.BATCH_FILE,
        predictions=features.add_predictions,
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
            "misclassified.png",
            "training_curves.png",
        ],
        model_card_sections=[
            "Model details",
            "Intended use",
            "Data",
            "Training",
            "Test metrics against baselines",
            "Export and serving",
            "Trade-offs and limitations",
        ],
        headline=["accuracy", "macro_f1", "top_3_accuracy", "expected_calibration_error"],
        key_figure="confusion_matrix.png",
        compared={
            "": "CNN (served)",
            "baseline": "linear model on pooled pixels",
            "dummy": "class prior",
        },
    ),
)
