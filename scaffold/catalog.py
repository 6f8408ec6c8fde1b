"""The project kinds scaffold can generate.

Adding a kind is one folder, templates/project/{% if project_kind == '<kind>' %}.{% endif %}/, plus one entry here (the
README's "Adding a kind"); the copier.yml choices, and which optional parts of the frame each kind's projects carry,
are written from this list by scripts/sync_copier_yml.py.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    name: str
    builds: str
    shows: str
    # Scores rows of a table with a scikit-learn pipeline, so its service gets the compiled fast path
    # (fastpath.py); other kinds serve their own model.
    tabular: bool = True
    # A kind with several tasks (a model each) names them; its commands, folders and settings go per task.
    tasks: tuple[str, ...] = ()
    # The evaluation helpers its projects use (modules of templates/project/src/frame/evaluation/).
    evaluation: tuple[str, ...] = ("binary",)

    def frame_parts(self) -> set[str]:
        """The optional parts of the frame (paths under src/frame/) that this kind's projects carry."""
        parts = {f"evaluation/{name}.py" for name in self.evaluation}
        if self.tabular:
            parts.add("classifier")
        if self.tasks:
            parts.add("tasks.py")
        return parts


# The parts of the frame that only some projects use; every other frame module is in every project.
OPTIONAL_FRAME_PARTS = (
    "classifier",
    "tasks.py",
    "evaluation/binary.py",
    "evaluation/multiclass.py",
    "evaluation/ranking.py",
    "evaluation/regression.py",
)


KINDS: tuple[Kind, ...] = (
    Kind(
        name="churn-predictor",
        builds="Customer churn classifier on the IBM Telco schema, with a cost-based decision threshold",
        shows="validated data pipeline, tracked experiments, honest evaluation against baselines, tests",
    ),
    Kind(
        name="fraud-detection",
        builds="Credit-card fraud detector on the ULB transactions schema, at a 0.2% fraud rate",
        shows="out-of-time split, PR-AUC and alert budgets against baselines, cost-based alerts, explained scores",
    ),
    Kind(
        name="recommender",
        builds="Product recommender on the MovieLens 100K layout: implicit-feedback ranking per user",
        shows="per-user time split, ranking metrics against most-popular, cold start, vectorised serving",
        tabular=False,
        evaluation=("ranking",),
    ),
    Kind(
        name="predictive-maintenance",
        builds="Machine failure (AI4I 2020 schema) and remaining useful life (C-MAPSS FD001) in one project",
        shows="two tasks on one frame, leakage guards, split by engine, cost-based inspections, rolling windows",
        tasks=("failure", "rul"),
        evaluation=("binary", "regression"),
    ),
    Kind(
        name="resume-screening",
        builds="Resume screening on the ResumeAtlas layout: category, ranking against a job, matched skills",
        shows="PII redaction, explained matches, a bias audit and counterfactual tests, advisory output only",
        tabular=False,
        evaluation=("multiclass", "ranking"),
    ),
    Kind(
        name="image-classification",
        builds="Image classifier on the Fashion-MNIST layout: a small CNN trained on CPU, served with ONNX Runtime",
        shows="a CNN against linear and dummy baselines, ONNX parity, safe image uploads, a page to try it",
        tabular=False,
        evaluation=("multiclass",),
    ),
)


def kind_names() -> list[str]:
    return [kind.name for kind in KINDS]


def get_kind(name: str) -> Kind | None:
    return next((kind for kind in KINDS if kind.name == name), None)


def closest_kind(name: str) -> str | None:
    matches = difflib.get_close_matches(name, kind_names(), n=1, cutoff=0.5)
    return matches[0] if matches else None
