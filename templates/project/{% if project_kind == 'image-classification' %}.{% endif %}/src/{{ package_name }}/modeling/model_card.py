"""The model card: a Markdown page written from one training and evaluation run. Every paragraph
and list item is one line: Markdown wraps it, and a diff shows what changed.
"""

from collections.abc import Mapping
from typing import Any

LOWER_IS_BETTER = {"log_loss", "expected_calibration_error"}
WORST_CLASSES = 3  # the classes with the lowest F1, named in the card
NAMES = {
    "cnn": "small CNN",
    "pooled_logistic": "linear model on pooled pixels",
}


def metrics_table(metrics: Mapping[str, float], served: str) -> str:
    rows = [name for name in metrics if f"baseline_{name}" in metrics]
    lines = [
        f"| metric | {served} (served) | linear model on pooled pixels | class prior | better |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for name in rows:
        better = "lower" if name in LOWER_IS_BETTER else "higher"
        values = [metrics[name], metrics[f"baseline_{name}"], metrics[f"dummy_{name}"]]
        lines.append(f"| {name} | " + " | ".join(f"{v:.4f}" for v in values) + f" | {better} |")
    return "\n".join(lines)


def details_section(metadata: Mapping[str, Any]) -> str:
    network, training = metadata["model"]["network"], metadata["training"]
    seconds = ", ".join(f"{name} {value:.1f} s" for name, value in metadata["fit_seconds"].items())
    chosen = metadata["model"]["name"]
    return "\n".join(
        [
            f"- Served: `{chosen}` ({NAMES.get(chosen, chosen)}), "
            f"{len(metadata['classes'])} classes: {', '.join(metadata['classes'])}.",
            f"- Network: {network['architecture']}, {network['parameters']:,} weights; 3x3 "
            f"convolutions of {network['channels']} channels with batch normalisation, the "
            "first two followed by 2x2 max pooling, then a global average and one linear layer. "
            "Input: one 28x28 grayscale image, pixels scaled to 0-1.",
            f"- Baselines: logistic regression on {metadata['baseline']['pool']}x"
            f"{metadata['baseline']['pool']} averages of the pixels (standardised, C "
            f"{metadata['baseline']['c']}, {metadata['baseline']['iterations']} iterations"
            f"{'' if metadata['baseline'].get('converged', True) else ', not converged'}), and "
            "the class prior (every image gets the training split's class shares).",
            f"- Version {metadata['version']}, trained {metadata['trained_at']}, git commit "
            f"`{metadata.get('git_commit') or 'none'}`; MLflow run "
            f"`{metadata.get('mlflow_run_id') or 'not tracked'}`.",
            f"- Training took {metadata['train_seconds']:.1f} s with {training['threads']} "
            f"thread(s); fit times: {seconds}.",
        ]
    )


INTENDED_USE = "\n".join(
    [
        "- What it does: names the class of a small grayscale image among the classes it was "
        "trained on, with the probability of each; the service answers the top few.",
        "- For images like the training images: one object, roughly centred, on a plain "
        "background. Any other image still gets an answer among the known classes (there is "
        "no 'none of these'); a low top probability is the sign to distrust it.",
        "- A learning project: the default data is generated shapes, so its figures say how the "
        "method works, not how it would do on photographs.",
    ]
)


def data_section(metadata: Mapping[str, Any], manifest: Mapping[str, Any]) -> str:
    images = metadata["training"]["images"]
    source = manifest.get("source", metadata.get("data_source"))
    lines = [
        f"- Source: `{source}`; {images['train']:,} training and {images['validation']:,} "
        "validation images (the validation images drawn from the source's training set, "
        "stratified by class), and the source's own test set, read only by the evaluation.",
        "- Every image goes through one preprocessing function (`images.preprocess`) in the "
        "data stage, `make score` and the service: EXIF orientation applied, grayscale, "
        "resized to fit 28x28 keeping its aspect, padded with black.",
    ]
    if source == "synthetic":
        lines.append(
            "- Synthetic shapes (the default) from a seeded generator: ten shape classes drawn "
            "filled or as outlines, varied in position, size, rotation (up to 20 degrees), "
            "stroke, intensity, background gradient, blur and noise."
        )
    elif source == "public":
        lines.append(
            "- Fashion-MNIST (MIT, Zalando Research): 28x28 grayscale photographs of clothing "
            "in ten classes, downloaded at a pinned commit and checked against published MD5s."
        )
    return "\n".join(lines)


def training_section(metadata: Mapping[str, Any]) -> str:
    network, training = metadata["model"]["network"], metadata["training"]
    selection = metadata["selection"]
    validation = ", ".join(
        f"{name} {values['accuracy']:.4f}" for name, values in selection["validation"].items()
    )
    stopped = (
        f"stopped early after epoch {training['epochs']}"
        if training["stopped_early"]
        else f"ran all {training['epochs']} epochs"
    )
    augmentation = (
        "random horizontal flips and shifts of up to two pixels"
        if network["augment"]
        else "no augmentation"
    )
    return "\n".join(
        [
            f"- AdamW (learning rate {network['learning_rate']}, weight decay "
            f"{network['weight_decay']}), batches of {network['batch_size']}, the learning rate "
            f"rising and falling once over {network['max_epochs']} epochs; {augmentation}.",
            f"- Early stopping on validation accuracy (patience {network['patience']}): it "
            f"{stopped}; the weights of epoch {training['best_epoch']} are kept.",
            f"- Seeded: the same seed and thread count ({training['threads']}) give the same "
            "weights; another thread count gives slightly different ones.",
            f"- Validation accuracy, through the ONNX graphs: {validation}. Served: "
            f"`{selection['chosen']}`, {selection['reason']}.",
        ]
    )


def test_section(
    metadata: Mapping[str, Any],
    metrics: Mapping[str, float],
    classification: Mapping[str, Any],
    errors: Mapping[str, Any],
) -> str:
    served = NAMES.get(metadata["model"]["name"], metadata["model"]["name"])
    per_class = classification["served"]["per_class"]
    worst = sorted(per_class.items(), key=lambda item: item[1]["f1"])[:WORST_CLASSES]
    named = ", ".join(f"{name} {row['f1']:.3f}" for name, row in worst)
    pairs = "; ".join(
        f"{pair['true']} as {pair['predicted']} ({pair['images']})" for pair in errors["pairs"][:3]
    )
    confused = f" Most confused: {pairs}." if pairs else ""
    return (
        metrics_table(metrics, served)
        + f"\n\n{errors['misclassified']:,} of {errors['images']:,} test images are "
        f"misclassified. Lowest F1 per class: {named}.{confused} Every class is in "
        "`reports/classification.json`, the confusion matrix and the most confident mistakes "
        "in the figures."
    )


def export_section(metadata: Mapping[str, Any]) -> str:
    onnx = metadata["onnx"]
    return "\n".join(
        [
            f"- Every model is served as an ONNX graph by ONNX Runtime: `models/{onnx['file']}` "
            f"is the served one ({onnx['graph_bytes'] / 1024:.0f} KB). The service installs "
            "onnxruntime, Pillow and numpy; PyTorch is needed only to train.",
            f"- The exported network against the trained one on the {onnx['images']:,} "
            f"validation images: largest logit difference {onnx['max_abs_logit_diff']:.1e}, "
            f"largest probability difference {onnx['max_abs_probability_diff']:.1e}, "
            f"{onnx['top_class_disagreements']} top classes differ; accuracy "
            f"{onnx['torch_accuracy']:.4f} in PyTorch, {onnx['onnx_accuracy']:.4f} in ONNX.",
        ]
    )


def limits_section(metrics: Mapping[str, float]) -> str:
    return "\n".join(
        [
            "- It knows only its classes: an image of anything else is still given one of them, "
            "often with a high probability.",
            "- Small, centred, grayscale images: a large photograph is shrunk to 28x28, which "
            "loses detail; colour is dropped.",
            "- Trained with rotations up to 20 degrees: a rotated, inverted or much brighter "
            "image is a different distribution (the monitoring report flags brightness and "
            "contrast shifts; a rotation shows only in the predicted-class mix and confidence).",
            "- Calibration: the served model's expected calibration error on the test split is "
            f"{metrics['expected_calibration_error']:.3f}.",
            "- A bigger network would gain little here and cost training time on a CPU; on "
            "harder data (photographs) try more channels and epochs, and compare again.",
        ]
    )


def render_model_card(
    metadata: Mapping[str, Any],
    manifest: Mapping[str, Any],
    metrics: Mapping[str, float],
    classification: Mapping[str, Any],
    errors: Mapping[str, Any],
) -> str:
    sections = [
        f"# Model card: image classification ({metadata['model']['name']})",
        "## Model details\n\n" + details_section(metadata),
        "## Intended use\n\n" + INTENDED_USE,
        "## Data\n\n" + data_section(metadata, manifest),
        "## Training\n\n" + training_section(metadata),
        "## Test metrics against baselines\n\n"
        + test_section(metadata, metrics, classification, errors),
        "## Export and serving\n\n" + export_section(metadata),
        "## Trade-offs and limitations\n\n" + limits_section(metrics),
    ]
    return "\n\n".join(sections) + "\n"
