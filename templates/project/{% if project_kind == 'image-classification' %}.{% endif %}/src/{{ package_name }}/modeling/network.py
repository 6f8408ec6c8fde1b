"""The convolutional network and its training loop, in PyTorch (training only: the service runs
the exported ONNX graph). Small on purpose: three 3x3 convolutions with early pooling cost about
1.7 million multiply-adds per image, so an epoch of 54,000 images takes seconds on two CPU
threads, and a global average pool keeps it to about 20,000 weights.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from ..config import NetworkSettings

PREDICT_BATCH = 2048  # images per forward pass when only predicting


class SmallCNN(nn.Module):
    """(N, 1, 28, 28) pixels in [0, 1] to (N, classes) logits: Conv-BN-ReLU blocks, the first
    two followed by 2x2 max pooling (28 to 14 to 7), then a global average and one linear layer.
    """

    def __init__(self, classes: int, channels: list[int]) -> None:
        super().__init__()
        layers: list[nn.Module] = []
        previous = 1
        for index, width in enumerate(channels):
            layers += [
                nn.Conv2d(previous, width, 3, padding=1, bias=False),
                nn.BatchNorm2d(width),
                nn.ReLU(),
            ]
            if index < 2:
                layers.append(nn.MaxPool2d(2))
            previous = width
        self.features = nn.Sequential(*layers)
        self.head = nn.Linear(previous, classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        pooled = F.adaptive_avg_pool2d(self.features(x), 1)
        return self.head(torch.flatten(pooled, 1))  # type: ignore[no-any-return]


def parameter_count(model: nn.Module) -> int:
    return sum(parameter.numel() for parameter in model.parameters())


def augment(x: torch.Tensor, generator: torch.Generator, shift: float = 2.0) -> torch.Tensor:
    """A random horizontal flip and a shift of up to `shift` pixels per image. Every class of
    the generated shapes keeps its label under a horizontal flip (not under a vertical one: a
    triangle points up).
    """
    n, size = x.shape[0], x.shape[-1]
    flip = torch.where(torch.rand(n, generator=generator) < 0.5, -1.0, 1.0)
    moved = (torch.rand(n, 2, generator=generator) * 2 - 1) * (shift * 2 / size)
    theta = torch.zeros(n, 2, 3)
    theta[:, 0, 0] = flip
    theta[:, 1, 1] = 1.0
    theta[:, :, 2] = moved
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    return F.grid_sample(x, grid, mode="bilinear", padding_mode="border", align_corners=False)


@torch.no_grad()
def logits_of(model: nn.Module, x: torch.Tensor) -> np.ndarray:
    """The model's logits for every image, in evaluation mode, in batches."""
    model.eval()
    parts = [model(x[i : i + PREDICT_BATCH]) for i in range(0, len(x), PREDICT_BATCH)]
    return torch.cat(parts).numpy() if parts else np.zeros((0, 0), dtype=np.float32)


@dataclass
class Fitted:
    """The network with the weights of its best validation epoch, and what each epoch did."""

    model: SmallCNN
    history: list[dict[str, float]] = field(default_factory=list)
    best_epoch: int = 0
    stopped_early: bool = False


def seeded(seed: int, threads: int) -> torch.Generator:
    """Same seed and same thread count give the same weights, bit for bit (a different thread
    count sums in another order, and drifts by about 1e-2 after a few epochs).
    """
    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True)
    return torch.Generator().manual_seed(seed)


def fit_network(
    train: tuple[torch.Tensor, torch.Tensor],
    validation: tuple[torch.Tensor, torch.Tensor],
    classes: int,
    config: NetworkSettings,
    generator: torch.Generator,
    log: Callable[[str], Any] = print,
) -> Fitted:
    """AdamW with a one-cycle learning rate over `max_epochs`; after each epoch the validation
    accuracy decides: the best epoch's weights are kept, and `patience` epochs without a better
    one stop the training.
    """
    (x, y), (x_val, y_val) = train, validation
    model = SmallCNN(classes, config.channels)
    optimizer = torch.optim.AdamW(
        model.parameters(), lr=config.learning_rate, weight_decay=config.weight_decay
    )
    steps = config.max_epochs * max(1, -(-len(x) // config.batch_size))
    schedule = torch.optim.lr_scheduler.OneCycleLR(
        optimizer, max_lr=config.learning_rate, total_steps=steps, pct_start=0.15
    )
    fitted, best, best_state, waited = Fitted(model), -1.0, model.state_dict(), 0
    for epoch in range(1, config.max_epochs + 1):
        started = time.perf_counter()
        loss = one_epoch(model, (x, y), optimizer, schedule, generator, config)
        accuracy = float((logits_of(model, x_val).argmax(1) == y_val.numpy()).mean())
        seconds = time.perf_counter() - started
        fitted.history.append(
            {"epoch": epoch, "loss": loss, "validation_accuracy": accuracy, "seconds": seconds}
        )
        log(f"epoch {epoch}: loss {loss:.4f}, validation accuracy {accuracy:.4f} ({seconds:.1f} s)")
        if accuracy > best:
            best, waited, fitted.best_epoch = accuracy, 0, epoch
            best_state = {name: value.clone() for name, value in model.state_dict().items()}
        else:
            waited += 1
            if waited >= config.patience:
                fitted.stopped_early = epoch < config.max_epochs
                break
    model.load_state_dict(best_state)
    model.eval()
    return fitted


def one_epoch(
    model: nn.Module,
    data: tuple[torch.Tensor, torch.Tensor],
    optimizer: torch.optim.Optimizer,
    schedule: torch.optim.lr_scheduler.LRScheduler,
    generator: torch.Generator,
    config: NetworkSettings,
) -> float:
    """One pass over the training images in a seeded order; the mean cross-entropy."""
    x, y = data
    model.train()
    order = torch.randperm(len(x), generator=generator)
    total, seen = 0.0, 0
    for start in range(0, len(x), config.batch_size):
        rows = order[start : start + config.batch_size]
        batch = augment(x[rows], generator) if config.augment else x[rows]
        loss = F.cross_entropy(model(batch), y[rows])
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        schedule.step()
        total += float(loss.item()) * len(rows)
        seen += len(rows)
    return total / max(1, seen)
