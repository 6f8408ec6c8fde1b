"""This project's settings: the sections every project has (frame.settings), and what image
classification configures for itself: how big the generated data set is, how the training images
are split, the network and how it is trained, the baselines, and the cut-offs of its metrics.
"""

from typing import Annotated

from pydantic import Field, PositiveInt

from frame.settings import DataSettings as SourceSettings
from frame.settings import EstimatorSettings, ProjectSettings, Section


class DataSettings(SourceSettings):
    # How many images the generator draws: a training set (split into train and validation) and
    # a test set, as Fashion-MNIST has.
    synthetic_train: int = Field(default=60_000, ge=500)
    synthetic_test: int = Field(default=10_000, ge=200)
    # The public source is four files under public_url (a folder), each checked against its
    # hash here, and cached in the raw folder under public_file_name (a folder).
    public_files: dict[str, Annotated[str, Field(pattern=r"^(sha256|md5):[0-9a-f]+$")]] = Field(
        min_length=1
    )
    # An image with more pixels than this is refused before it is decoded (a decompression bomb).
    max_image_pixels: int = Field(default=25_000_000, ge=784)  # 784: one 28x28 image


class SplitSettings(Section):
    """The validation images are drawn from the training set, stratified by class; the test set
    is the source's own (IDX files have one), or drawn likewise from a folder of images."""

    validation_fraction: float = Field(default=0.1, gt=0, lt=0.5)
    test_fraction: float = Field(default=0.15, gt=0, lt=0.5)  # of a folder of images only


class NetworkSettings(Section):
    """The convolutional network (modeling/network.py) and how it is trained."""

    # 3x3 convolutions, each with batch normalisation; the first two halve the image
    channels: list[PositiveInt] = Field(default=[16, 32, 48], min_length=1, max_length=5)
    max_epochs: int = Field(default=5, ge=1, le=200)
    patience: int = Field(default=3, ge=1)  # epochs without a better validation accuracy
    batch_size: int = Field(default=128, ge=8, le=4096)
    learning_rate: float = Field(default=3e-3, gt=0, le=1)
    weight_decay: float = Field(default=1e-4, ge=0, le=1)
    augment: bool = True  # horizontal flips and shifts of up to two pixels


class ModelSettings(Section):
    network: NetworkSettings = NetworkSettings()
    baseline: EstimatorSettings  # a linear model on pooled pixels


class EvaluationSettings(Section):
    top_k: int = Field(default=3, ge=1, le=10)
    calibration_bins: int = Field(default=10, ge=2, le=50)
    misclassified_examples: int = Field(default=16, ge=4, le=64)


class Settings(ProjectSettings):
    data: DataSettings
    split: SplitSettings = SplitSettings()
    model: ModelSettings
    evaluation: EvaluationSettings = EvaluationSettings()
