"""Machine failure, described once for the frame (the contract is frame.contract.Project): its
settings, stages, service, drift monitoring and published reports. The package's project.py
serves it beside remaining useful life. Each part is built by a function, so that a command
imports only the modules it needs.
"""

from frame.contract import Monitoring, Project, Reports, Scoring, Serving, Stages

from .config import FailureSettings


def stages() -> Stages[FailureSettings]:
    from .dataset import prepare_data
    from .modeling.evaluate import evaluate
    from .modeling.train import train

    return Stages(prepare_data=prepare_data, train=train, evaluate=evaluate)


def serving() -> Serving[FailureSettings]:
    from frame.classifier.routes import classifier_serving

    from .api.routes import DEMOS, ROUTES
    from .modeling.tabular import CLASSIFIER

    return classifier_serving(ROUTES, CLASSIFIER, DEMOS)


def scoring() -> Scoring[FailureSettings]:
    from .modeling.predict import predict_partition

    return Scoring(score=predict_partition)


def monitoring() -> Monitoring[FailureSettings]:
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


PROJECT: Project[FailureSettings] = Project(
    name="failure",
    settings=FailureSettings,
    stages=stages,
    serving=serving,
    scoring=scoring,
    monitoring=monitoring,
    reports=Reports(
        figures=[
            "roc.png",
            "precision_recall.png",
            "calibration.png",
            "confusion_matrix.png",
            "permutation_importance.png",
            "cumulative_gains.png",
            "cost_curve.png",
        ],
        model_card_sections=[
            "Intended use",
            "Data",
            "Model selection on the validation split",
            "Test metrics against baselines",
            "Decision threshold and costs",
            "Which failures it catches (test split)",
            "Slices (test split)",
            "Most important features",
            "Limits",
        ],
        headline=["pr_auc", "roc_auc", "recall", "precision"],
        key_figure="precision_recall.png",
    ),
)
