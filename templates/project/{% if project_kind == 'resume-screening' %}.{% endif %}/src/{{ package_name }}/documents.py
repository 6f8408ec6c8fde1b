"""Resumes from a folder, one subfolder per category holding .txt and .pdf files; and the removal
of exact and near-duplicate resumes, which scraped sets are full of (one widely shared set is
mostly copies, and a copy in both training and test inflates every score).
"""

import re
import zlib
from pathlib import Path

import numpy as np
import pandas as pd
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from frame.errors import DataError

MAX_FILE_BYTES = 5_000_000  # a resume file larger than this is refused
MAX_PDF_PAGES = 10  # pages read from a PDF; the rest of a longer one is ignored
SUFFIXES = (".txt", ".pdf")
SHINGLE_WORDS = 5  # near duplicates: shared runs of this many words
NEAR_DUPLICATE_JACCARD = 0.8
HASHES = 32  # MinHash signature length, in BANDS bands
BANDS = 8
PRIME = (1 << 61) - 1


def read_folder(folder: Path) -> pd.DataFrame:
    """category (the subfolder's name) and text of every .txt and .pdf file, in name order."""
    files = sorted(
        path for path in folder.glob("*/*") if path.is_file() and path.suffix.lower() in SUFFIXES
    )
    if not files:
        raise DataError(
            f"{folder} holds no .txt or .pdf file in a subfolder (one subfolder per category)"
        )
    rows = [{"category": path.parent.name, "text": read_document(path)} for path in files]
    return pd.DataFrame(rows, columns=["category", "text"])


def read_document(path: Path) -> str:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise DataError(f"{path} is {size:,} bytes; a resume may be at most {MAX_FILE_BYTES:,}")
    if path.suffix.lower() == ".txt":
        return path.read_bytes().decode("utf-8", errors="replace")
    try:
        reader = PdfReader(path)
        return "\n".join(page.extract_text() or "" for page in reader.pages[:MAX_PDF_PAGES])
    except (PdfReadError, ValueError, OSError, KeyError) as error:
        raise DataError(f"{path} is not a readable PDF ({error})") from None


def remove_duplicates(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, int]]:
    """`frame` without exact duplicates of `text` (after case and spacing are folded) and without
    near duplicates (word 5-gram overlap of at least 0.8), the first copy kept; and how many of
    each were removed.
    """
    folded = frame["text"].map(lambda text: " ".join(re.findall(r"\w+", text.casefold())))
    exact = folded.duplicated()
    kept = frame[~exact]
    near = near_duplicates(folded[~exact].tolist())
    result = kept[~np.asarray(near, dtype=bool)].reset_index(drop=True)
    return result, {"exact_duplicates": int(exact.sum()), "near_duplicates": int(sum(near))}


def near_duplicates(texts: list[str]) -> list[bool]:
    """For each text, whether an earlier one shares most of its word 5-grams (MinHash with
    banding finds the candidates; the exact overlap decides).
    """
    shingles = [shingle(text) for text in texts]
    signatures = minhash(shingles)
    rows = HASHES // BANDS
    seen: dict[tuple[int, bytes], list[int]] = {}
    duplicate = [False] * len(texts)
    for index, signature in enumerate(signatures):
        candidates: set[int] = set()
        for band in range(BANDS):
            key = (band, signature[band * rows : (band + 1) * rows].tobytes())
            candidates.update(seen.setdefault(key, []))
            seen[key].append(index)
        duplicate[index] = any(
            not duplicate[other]
            and jaccard(shingles[index], shingles[other]) >= NEAR_DUPLICATE_JACCARD
            for other in candidates
        )
    return duplicate


def shingle(text: str) -> set[int]:
    words = text.split()
    runs = [
        " ".join(words[i : i + SHINGLE_WORDS])
        for i in range(max(1, len(words) - SHINGLE_WORDS + 1))
    ]
    return {zlib.crc32(run.encode()) for run in runs}


def minhash(shingles: list[set[int]]) -> list[np.ndarray]:
    rng = np.random.default_rng(0)  # fixed: the same texts always give the same signatures
    a = rng.integers(1, PRIME, HASHES, dtype=np.uint64)
    b = rng.integers(0, PRIME, HASHES, dtype=np.uint64)
    signatures = []
    for values in shingles:
        x = np.fromiter(values, dtype=np.uint64, count=len(values))
        hashed = (np.outer(x, a) + b) % np.uint64(PRIME)  # wraps around: still a fine hash
        signatures.append(hashed.min(axis=0))
    return signatures


def jaccard(first: set[int], second: set[int]) -> float:
    return len(first & second) / max(1, len(first | second))
