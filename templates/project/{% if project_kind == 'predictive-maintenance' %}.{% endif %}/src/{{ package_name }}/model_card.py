"""What the model cards of both tasks open with: the title, the model and the data."""

from typing import Any


def card_header(title: str, metadata: dict[str, Any], manifest: dict[str, Any]) -> list[str]:
    return [
        f"# Model card: {title}",
        f"Version {metadata['version']}, trained {metadata['trained_at']}, "
        f"commit `{metadata['git_commit']}`, model `{metadata['model']['name']}`. Data: "
        f"`{manifest['source']}` (`{manifest['raw_file']}`, sha256 "
        f"`{manifest['raw_sha256'][:16]}...`).",
    ]
