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
    from frame.classifier.routes import classifier_serving

    from .api.routes import DEMOS, ROUTES
    from .modeling.tabular import CLASSIFIER

    return classifier_serving(ROUTES, CLASSIFIER, DEMOS)


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
            "precision_recall.png",
            "roc.png",
            "cost_curve.png",
            "calibration.png",
            "confusion_matrix.png",
            "alert_budget.png",
            "contributions.png",  # only when the served model gives per-row contributions
        ],
        model_card_sections=[
            "Intended use",
            "Data",
            "Model selection on the validation split",
            "Test metrics against baselines",
            "Decision threshold and costs",
            "Slices (test split)",
            "Errors (test split)",
            "What drives the scores",
            "Limits",
        ],
        headline=["pr_auc", "recall_at_budget", "expected_cost_per_10k", "precision", "recall"],
        key_figure="precision_recall.png",
    ),
)
