"""One error family: every failure a user can act on is a ProjectError with a readable message."""


class ProjectError(Exception):
    """Base of the errors the CLI turns into a message and exit code 1."""


class ConfigError(ProjectError):
    """The YAML configuration or the environment holds invalid settings."""


class DataError(ProjectError):
    """A data file is missing, unreadable or fails its schema."""


class ArtifactError(ProjectError):
    """A model or prepared data set that a stage needs has not been produced yet."""
