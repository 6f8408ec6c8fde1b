"""Every model to ONNX, the form the service runs: the network through torch's exporter, the
linear baselines through skl2onnx. And the check that the exported network answers as the
trained one did: the largest difference of their logits, and both accuracies.
"""

import io
import logging
import warnings
from contextlib import redirect_stdout
from typing import Any

import numpy as np
import torch
from sklearn.linear_model import LogisticRegression

from ..images import IMAGE_SIZE
from .baselines import Linear
from .network import logits_of
from .predict import LOGITS, PROBABILITIES, RUN_BATCH, Classifier

OPSET = 18  # skl2onnx's graphs; torch's exporter picks its own (opset 18 or later)
MAX_BATCH = 65_536  # the exported graph takes any batch of images up to this


def network_graph(model: torch.nn.Module) -> bytes:
    """The network as ONNX bytes, with a batch dimension of any size (the dynamo exporter, which
    prints its progress: kept out of the stage's output).
    """
    model.eval()
    example = torch.zeros(1, 1, IMAGE_SIZE, IMAGE_SIZE)
    batch = torch.export.Dim("batch", min=1, max=MAX_BATCH)
    quiet = logging.getLogger("torch.onnx")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings(), redirect_stdout(io.StringIO()):
            warnings.simplefilter("ignore")
            program = torch.onnx.export(
                model,
                (example,),
                dynamo=True,
                input_names=["image"],
                output_names=["logits"],
                dynamic_shapes=({0: batch},),
                external_data=False,
                optimize=True,
                verify=False,
            )
    finally:
        quiet.setLevel(level)
    if program is None:
        raise RuntimeError("torch.onnx.export returned no program")
    return bytes(program.model_proto.SerializeToString())


def network_classifier(model: torch.nn.Module, classes: list[str], threads: int) -> Classifier:
    return Classifier("cnn", network_graph(model), classes, "image", LOGITS, threads)


def linear_graph(linear: Linear) -> bytes:
    """A Linear as ONNX through skl2onnx: a LogisticRegression given the folded weights (label
    and probability outputs, no zipmap) over the 784 pixels.
    """
    from skl2onnx import to_onnx

    classes, pixels = linear.coef.shape
    model = LogisticRegression()
    model.classes_ = np.arange(classes)
    model.coef_ = linear.coef.astype(np.float64)
    model.intercept_ = linear.intercept.astype(np.float64)
    example = np.zeros((1, pixels), dtype=np.float32)
    graph = to_onnx(model, example, options={id(model): {"zipmap": False}}, target_opset=OPSET)
    return bytes(graph.SerializeToString())


def linear_classifier(name: str, linear: Linear, classes: list[str], threads: int) -> Classifier:
    return Classifier(name, linear_graph(linear), classes, "pixels", PROBABILITIES, threads)


def network_parity(
    model: torch.nn.Module, served: Classifier, images: np.ndarray, labels: np.ndarray
) -> dict[str, Any]:
    """The trained network and its ONNX graph on the same images: the largest |difference| of
    their logits and of their probabilities, how often their top class differs, and both
    accuracies.
    """
    from ..images import to_input

    x = to_input(images)
    torch_logits = logits_of(model, torch.from_numpy(x))
    session, name = served.session(), served.session().get_inputs()[0].name
    step = RUN_BATCH
    onnx_logits = np.concatenate(
        [session.run(None, {name: x[i : i + step]})[0] for i in range(0, len(x), step)]
    )
    torch_probabilities = softmax64(torch_logits)
    onnx_probabilities = served.probabilities(images)
    return {
        "images": int(len(images)),
        "max_abs_logit_diff": float(np.abs(onnx_logits - torch_logits).max()),
        "max_abs_probability_diff": float(np.abs(onnx_probabilities - torch_probabilities).max()),
        "top_class_disagreements": int((onnx_logits.argmax(1) != torch_logits.argmax(1)).sum()),
        "torch_accuracy": float((torch_logits.argmax(1) == labels).mean()),
        "onnx_accuracy": float((onnx_logits.argmax(1) == labels).mean()),
        "graph_bytes": len(served.graph),
    }


def softmax64(logits: np.ndarray) -> np.ndarray:
    shifted = np.exp(logits.astype(np.float64) - logits.max(axis=1, keepdims=True))
    return np.asarray(shifted / shifted.sum(axis=1, keepdims=True))
