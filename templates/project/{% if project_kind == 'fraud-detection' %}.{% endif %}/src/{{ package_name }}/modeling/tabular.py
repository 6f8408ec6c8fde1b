"""How the frame's classifier stages read this project: its splits, features and metrics."""

from frame.classifier.tabular import TabularClassifier

from ..config import Settings
from ..dataset import load_split
from ..features import (
    add_engineered_features,
    build_preprocessor,
    engineer_record,
    split_features_target,
)
from .metrics import classification_metrics

CLASSIFIER: TabularClassifier[Settings] = TabularClassifier(
    load_split=load_split,
    split_features_target=split_features_target,
    build_preprocessor=build_preprocessor,
    metrics=classification_metrics,
    prepare_row=engineer_record,
    prepare_frame=add_engineered_features,
)
