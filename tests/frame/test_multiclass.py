"""frame.evaluation.multiclass: figures checked against small cases worked out by hand, against scikit-learn on
random ones, and calibration on synthetic models whose calibration is known by construction.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from frame.evaluation import multiclass
from matplotlib.image import imread
from sklearn.metrics import classification_report, f1_score, log_loss

CLASSES = ["cat", "dog", "bird"]
# Six rows predicted cat, cat, dog, dog, bird, bird; the true classes are cat, cat, cat, dog, dog, bird.
TRUE = ["cat", "cat", "cat", "dog", "dog", "bird"]
PROBABILITIES = np.array(
    [
        [0.7, 0.2, 0.1],
        [0.5, 0.3, 0.2],
        [0.3, 0.6, 0.1],  # a cat taken for a dog; cat is second
        [0.1, 0.8, 0.1],
        [0.1, 0.4, 0.5],  # a dog taken for a bird; dog is second
        [0.2, 0.2, 0.6],
    ]
)


def test_a_small_case_worked_out_by_hand() -> None:
    metrics = multiclass.multiclass_metrics(TRUE, PROBABILITIES, CLASSES, top_k=2)
    # per class (precision, recall): cat (2/2, 2/3), dog (1/2, 1/2), bird (1/2, 1/1)
    f1 = {"cat": 0.8, "dog": 0.5, "bird": 2 / 3}
    assert metrics["accuracy"] == pytest.approx(4 / 6)
    assert metrics["macro_f1"] == pytest.approx(sum(f1.values()) / 3)
    assert metrics["weighted_f1"] == pytest.approx((3 * f1["cat"] + 2 * f1["dog"] + 1 * f1["bird"]) / 6)
    assert metrics["top_2_accuracy"] == pytest.approx(1.0)  # both mistakes have the true class second
    given = [0.7, 0.5, 0.3, 0.8, 0.4, 0.6]  # each row's probability of its true class
    assert metrics["log_loss"] == pytest.approx(-sum(math.log(p) for p in given) / 6)

    table = multiclass.per_class_metrics(TRUE, PROBABILITIES, CLASSES)
    assert table["cat"] == pytest.approx({"precision": 1.0, "recall": 2 / 3, "f1": 0.8, "support": 3})
    assert table["dog"] == pytest.approx({"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 2})
    assert table["bird"] == pytest.approx({"precision": 0.5, "recall": 1.0, "f1": 2 / 3, "support": 1})
    assert list(table) == CLASSES


def test_the_confusion_matrices_of_the_small_case() -> None:
    matrices = multiclass.confusion_matrices(TRUE, PROBABILITIES, CLASSES)
    assert matrices["classes"] == CLASSES
    assert matrices["counts"] == [[2, 1, 0], [0, 1, 1], [0, 0, 1]]
    assert np.allclose(matrices["normalised"], [[2 / 3, 1 / 3, 0], [0, 0.5, 0.5], [0, 0, 1]])


def test_a_class_absent_from_the_labels_has_an_empty_row_and_no_recall() -> None:
    matrices = multiclass.confusion_matrices(["cat", "cat"], [[0.6, 0.4, 0.0], [0.2, 0.7, 0.1]], CLASSES)
    assert matrices["counts"] == [[1, 1, 0], [0, 0, 0], [0, 0, 0]]
    assert matrices["normalised"][1] == [0.0, 0.0, 0.0]
    table = multiclass.per_class_metrics(["cat", "cat"], [[0.6, 0.4, 0.0], [0.2, 0.7, 0.1]], CLASSES)
    assert table["dog"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0}


def test_top_k_is_clipped_to_the_classes_named_after_the_k_used_and_top_1_is_accuracy() -> None:
    three = multiclass.multiclass_metrics(TRUE, PROBABILITIES, CLASSES)
    assert three["top_3_accuracy"] == 1.0
    clipped = multiclass.multiclass_metrics(TRUE, PROBABILITIES, CLASSES, top_k=10)
    assert "top_10_accuracy" not in clipped and clipped["top_3_accuracy"] == 1.0
    one = multiclass.multiclass_metrics(TRUE, PROBABILITIES, CLASSES, top_k=1)
    assert one["top_1_accuracy"] == one["accuracy"]
    with pytest.raises(ValueError, match="k of at least 1"):
        multiclass.multiclass_metrics(TRUE, PROBABILITIES, CLASSES, top_k=0)


def test_ties_go_to_the_class_listed_first_in_predictions_and_in_top_k() -> None:
    even = np.full((3, 3), 1 / 3)
    metrics = multiclass.multiclass_metrics(["cat", "dog", "bird"], even, CLASSES, top_k=2)
    assert metrics["accuracy"] == pytest.approx(1 / 3)  # every row is predicted cat
    assert metrics["top_2_accuracy"] == pytest.approx(2 / 3)  # cat and dog, never bird


def test_random_cases_agree_with_scikit_learn() -> None:
    rng = np.random.default_rng(0)
    classes = [f"class {i}" for i in range(7)]
    probabilities = rng.dirichlet(np.ones(7), size=500)
    y_true = rng.choice(classes, size=500)
    predicted = np.array(classes)[probabilities.argmax(axis=1)]
    metrics = multiclass.multiclass_metrics(y_true, probabilities, classes)
    assert metrics["macro_f1"] == pytest.approx(f1_score(y_true, predicted, average="macro"))
    assert metrics["weighted_f1"] == pytest.approx(f1_score(y_true, predicted, average="weighted"))
    assert metrics["log_loss"] == pytest.approx(log_loss(y_true, probabilities, labels=classes))
    report = classification_report(y_true, predicted, labels=classes, output_dict=True, zero_division=0)
    for name, row in multiclass.per_class_metrics(y_true, probabilities, classes).items():
        assert row["precision"] == pytest.approx(report[name]["precision"])
        assert row["recall"] == pytest.approx(report[name]["recall"])
        assert row["f1"] == pytest.approx(report[name]["f1-score"])
        assert row["support"] == report[name]["support"]


def test_a_confident_wrong_answer_costs_a_finite_log_loss() -> None:
    metrics = multiclass.multiclass_metrics(["dog"], [[1.0, 0.0, 0.0]], CLASSES)
    assert metrics["log_loss"] == pytest.approx(-math.log(np.finfo(np.float64).eps))


def test_calibration_of_a_small_case_worked_out_by_hand() -> None:
    probabilities = [[0.55, 0.45], [0.55, 0.45], [0.15, 0.85], [0.15, 0.85]]
    table = multiclass.calibration_table(["a", "b", "b", "b"], probabilities, ["a", "b"], bins=10)
    # bin [0.5, 0.6): 2 rows, confidence 0.55, one right; bin [0.8, 0.9): 2 rows, confidence 0.85, both right
    assert table["expected_calibration_error"] == pytest.approx(0.5 * 0.05 + 0.5 * 0.15)
    assert [index for index, row in enumerate(table["bins"]) if row["rows"]] == [5, 8]
    assert table["bins"][5] == pytest.approx(
        {"lower": 0.5, "upper": 0.6, "rows": 2, "mean_confidence": 0.55, "accuracy": 0.5}
    )
    assert table["bins"][8] == pytest.approx(
        {"lower": 0.8, "upper": 0.9, "rows": 2, "mean_confidence": 0.85, "accuracy": 1.0}
    )
    assert len(table["bins"]) == 10
    assert all(row["accuracy"] is None and row["mean_confidence"] is None for row in table["bins"] if not row["rows"])


def synthetic_model(rows: int, accuracy_of: np.ndarray | None, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Five classes; each row's top-class probability is drawn in [0.3, 0.95], the rest spread evenly. The row is
    right with that probability (a calibrated model) or with `accuracy_of` it, and otherwise its true class is one of
    the other four. Returns the true class indices and the probabilities.
    """
    rng = np.random.default_rng(seed)
    confidence = rng.uniform(0.3, 0.95, rows)
    predicted = rng.integers(0, 5, rows)
    probabilities = np.repeat(((1 - confidence) / 4)[:, None], 5, axis=1)
    probabilities[np.arange(rows), predicted] = confidence
    chance = confidence if accuracy_of is None else accuracy_of
    right = rng.uniform(size=rows) < chance
    truth = np.where(right, predicted, (predicted + rng.integers(1, 5, rows)) % 5)
    return truth, probabilities


def test_a_calibrated_model_has_almost_no_calibration_error() -> None:
    truth, probabilities = synthetic_model(100_000, None, seed=1)
    table = multiclass.calibration_table(truth, probabilities, list(range(5)), bins=10)
    assert table["expected_calibration_error"] < 0.01
    for row in table["bins"]:
        if row["rows"] > 1000:
            assert row["accuracy"] == pytest.approx(row["mean_confidence"], abs=0.02)


def test_an_overconfident_model_shows_its_gap() -> None:
    rows = 100_000
    truth, probabilities = synthetic_model(rows, None, seed=2)
    confidence = probabilities.max(axis=1)
    truth, probabilities = synthetic_model(rows, confidence - 0.2, seed=2)  # right 20 points less often than it says
    table = multiclass.calibration_table(truth, probabilities, list(range(5)), bins=10)
    assert table["expected_calibration_error"] == pytest.approx(0.2, abs=0.01)


def test_a_constant_confidence_gives_the_exact_gap() -> None:
    probabilities = np.tile([0.9, 0.05, 0.05], (10, 1))
    truth = ["cat"] * 6 + ["dog"] * 4
    table = multiclass.calibration_table(truth, probabilities, CLASSES)
    assert table["expected_calibration_error"] == pytest.approx(0.3)
    assert [row["rows"] for row in table["bins"]] == [0] * 9 + [10]


def test_the_dummy_predicts_the_training_shares_and_the_report_holds_its_figures() -> None:
    prior = multiclass.prior_probabilities(["dog", "dog", "dog", "cat", "bird"], CLASSES, rows=4)
    assert np.allclose(prior, [[0.2, 0.6, 0.2]] * 4)
    report = multiclass.multiclass_report(TRUE, PROBABILITIES, CLASSES, reference=["dog", "dog", "cat"], top_k=2)
    metrics = report["metrics"]
    assert metrics["dummy_accuracy"] == pytest.approx(2 / 6)  # always dog: the two dogs
    assert metrics["dummy_top_2_accuracy"] == pytest.approx(5 / 6)  # dog then cat: all but the bird
    assert metrics["dummy_macro_f1"] == pytest.approx(0.5 / 3)  # dog: precision 2/6, recall 1; cat, bird: 0
    assert metrics["dummy_log_loss"] > metrics["log_loss"]
    assert {name for name in metrics if not name.startswith("dummy_")} == {
        "accuracy", "macro_f1", "weighted_f1", "top_2_accuracy", "log_loss", "expected_calibration_error",
    }  # fmt: skip
    assert report.keys() == {"metrics", "per_class", "confusion_matrix", "calibration"}
    assert "dummy_accuracy" not in multiclass.multiclass_report(TRUE, PROBABILITIES, CLASSES)["metrics"]


def test_a_tie_in_the_training_shares_goes_to_the_class_listed_first() -> None:
    prior = multiclass.prior_probabilities(["bird", "dog"], CLASSES, rows=1)
    assert CLASSES[int(prior.argmax())] == "dog"


def test_integer_classes_are_named_as_strings_in_the_json() -> None:
    classes = np.arange(10)
    rng = np.random.default_rng(3)
    probabilities = rng.dirichlet(np.ones(10), size=50)
    report = multiclass.multiclass_report(rng.integers(0, 10, 50), probabilities, classes, reference=classes)
    assert list(report["per_class"]) == [str(i) for i in range(10)]
    assert report["confusion_matrix"]["classes"] == [str(i) for i in range(10)]


@pytest.mark.parametrize(
    ("y_true", "probabilities", "classes", "message"),
    [
        (TRUE, PROBABILITIES[:, :2], CLASSES, r"one column per class \(3\), got shape \(6, 2\)"),
        (TRUE[:5], PROBABILITIES, CLASSES, "5 labels for 6 rows"),
        (["cat", "fish", "cow"], PROBABILITIES[:3], CLASSES, "not among the classes: cow, fish"),
        (TRUE, PROBABILITIES * 2, CLASSES, "sum to 1"),
        (TRUE, np.where(PROBABILITIES == 0.7, np.nan, PROBABILITIES), CLASSES, "sum to 1"),
        (["cat"], [[1.2, -0.2, 0.0]], CLASSES, "non-negative"),
        (["cat"], [[0.5, 0.5]], ["cat", "cat"], "two distinct class names"),
        ([], np.empty((0, 3)), CLASSES, "no labels"),
    ],
)
def test_inputs_that_do_not_fit_are_refused_in_one_line(
    y_true: list[str], probabilities: np.ndarray, classes: list[str], message: str
) -> None:
    with pytest.raises(ValueError, match=message) as refused:
        multiclass.multiclass_report(y_true, probabilities, classes)
    assert "\n" not in str(refused.value)


def forty_three_classes(rows: int = 3000) -> tuple[list[str], np.ndarray, list[str]]:
    """A resume classifier's shape: 43 categories with long names, unevenly frequent, a fair model."""
    rng = np.random.default_rng(4)
    classes = [f"CATEGORY-{i:02d}-{'X' * (i % 17)}" for i in range(43)]
    shares = rng.dirichlet(np.ones(43) * 2)
    truth = rng.choice(43, size=rows, p=shares)
    logits = rng.normal(size=(rows, 43))
    logits[np.arange(rows), truth] += 3.0
    probabilities = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    return [classes[i] for i in truth], probabilities, classes


def test_forty_three_classes_give_a_complete_json_able_report() -> None:
    y_true, probabilities, classes = forty_three_classes()
    report = multiclass.multiclass_report(y_true, probabilities, classes, reference=y_true, top_k=5)
    assert json.loads(json.dumps(report, allow_nan=False)) == report
    assert len(report["per_class"]) == 43
    counts = np.array(report["confusion_matrix"]["counts"])
    assert counts.shape == (43, 43) and counts.sum() == len(y_true)
    normalised = np.array(report["confusion_matrix"]["normalised"])
    assert np.allclose(normalised.sum(axis=1)[counts.sum(axis=1) > 0], 1.0)
    metrics = report["metrics"]
    assert metrics["accuracy"] <= metrics["top_5_accuracy"] <= 1.0
    assert metrics["accuracy"] > metrics["dummy_accuracy"] and metrics["macro_f1"] > metrics["dummy_macro_f1"]


def test_the_inputs_are_left_as_they_were() -> None:
    probabilities = PROBABILITIES.copy()
    labels = list(TRUE)
    multiclass.multiclass_report(labels, probabilities, CLASSES, reference=labels)
    multiclass.multiclass_figures(labels, probabilities, CLASSES)
    assert np.array_equal(probabilities, PROBABILITIES) and labels == TRUE


def saved(figures: dict, directory: Path) -> dict[str, np.ndarray]:
    """Each figure written as reports.save_figures writes it, then read back as an image."""
    images = {}
    for name, figure in figures.items():
        path = directory / f"{name}.png"
        figure.savefig(path, dpi=110, format="png")
        assert path.stat().st_size > 10_000, f"{name}.png is almost empty"
        images[name] = imread(path)
    return images


def test_the_figures_are_written_and_readable(tmp_path: Path) -> None:
    figures = multiclass.multiclass_figures(TRUE, PROBABILITIES, CLASSES)
    images = saved(figures, tmp_path)
    assert images.keys() == {"confusion_matrix", "per_class_f1", "reliability"}
    for image in images.values():
        assert image.ndim == 3 and image.shape[0] > 300 and image.std() > 0.01  # drawn on, not blank
    confusion = figures["confusion_matrix"].axes[0]
    assert sorted(text.get_text() for text in confusion.texts) == sorted(
        ["67%", "33%", "0%", "0%", "50%", "50%", "0%", "0%", "100%"]
    )
    bars = figures["per_class_f1"].axes[0]
    assert [tick.get_text() for tick in bars.get_yticklabels()] == ["dog (2)", "bird (1)", "cat (3)"]  # best on top
    assert "calibration error 0." in figures["reliability"].axes[0].get_title()


def test_forty_three_classes_stay_readable(tmp_path: Path) -> None:
    y_true, probabilities, classes = forty_three_classes()
    figures = multiclass.multiclass_figures(y_true, probabilities, classes)
    images = saved(figures, tmp_path)
    (tmp_path / "small").mkdir()
    small = saved(multiclass.multiclass_figures(TRUE, PROBABILITIES, CLASSES), tmp_path / "small")
    assert images["confusion_matrix"].shape[0] > 1.5 * small["confusion_matrix"].shape[0]
    assert images["per_class_f1"].shape[0] > 1.5 * small["per_class_f1"].shape[0]
    confusion = figures["confusion_matrix"].axes[0]
    labels = confusion.get_xticklabels()
    assert [label.get_text() for label in labels] == classes
    assert labels[0].get_fontsize() < 10 and not confusion.texts  # smaller labels, no numbers in 1,849 cells
    assert len(figures["per_class_f1"].axes[0].patches) == 43
