"""Data stage: resumes from a source, cleaned (repaired, personal data removed), de-duplicated,
split by category, with the job descriptions and relevance labels the ranking is scored on.

A source is `synthetic` (generated, the default; the only one with graded relevance labels),
`public` (ResumeAtlas, MIT, downloaded once from Hugging Face at a pinned revision and cached in
the raw folder, never shipped), a CSV file with a `Category` column and a `Text` (or `Resume`)
column, or a folder with one subfolder of .txt / .pdf resumes per category. Without labels, jobs
are written per category from the skills its training resumes mention most, and a resume is
relevant (2) to a job of its own category, irrelevant (0) otherwise.
"""

from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd

from frame.errors import DataError
from frame.files import write_file, written_together
from frame.sources import (
    existing_path,
    fetch_public,
    read_manifest,
    save_prepared,
    stratified_split,
    validate_frame,
    write_csv,
)

from .config import Settings
from .documents import read_folder, remove_duplicates
from .jobs import Opening, generate_jobs, grade
from .redaction import clean
from .schemas import (
    BATCH_SCHEMA,
    JOB_COLUMNS,
    JOB_SCHEMA,
    RELEVANCE_COLUMNS,
    RELEVANCE_SCHEMA,
    RESUME_COLUMNS,
    RESUME_SCHEMA,
    SOURCE_SCHEMA,
)
from .skills import Vocabulary
from .synthetic import generate_resumes

SPLIT_NAMES = ("train", "validation", "test")
JOBS_FILE = "jobs.csv"
GENERATED_JOBS = "job_descriptions.csv"  # in the raw folder of the generated data
RELEVANCE_FILE = "relevance.csv"
BATCH_FILE = "resumes.csv"
MIN_PER_CATEGORY = 6  # resumes of a category, so that each split holds some
TEXT_COLUMNS = ("Text", "Resume", "text", "resume", "Resume_str")
READ_ERRORS = (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError, ValueError)
UNLABELLED_MUST_HAVE = 3  # skills per job written from a category's training resumes
UNLABELLED_NICE_TO_HAVE = 2


def read_text_csv(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise DataError(f"no resume file at {path}")
    try:
        return pd.read_csv(path, dtype="str", keep_default_na=False)
    except READ_ERRORS as error:
        raise DataError(f"{path} is not a readable CSV file: {error}") from None


def read_resume_csv(path: Path) -> pd.DataFrame:
    """category and text from a CSV in ResumeAtlas's layout (`Category`, `Text`) or with the text
    under `Resume`, as the widely shared resume sets name it.
    """
    frame = read_text_csv(path)
    text_column = next((name for name in TEXT_COLUMNS if name in frame.columns), None)
    category_column = next((n for n in ("Category", "category") if n in frame.columns), None)
    if text_column is None or category_column is None:
        raise DataError(
            f"{path} needs a Category column and a Text (or Resume) column; it has "
            f"{', '.join(map(str, frame.columns)) or 'none'}"
        )
    renamed = frame.rename(columns={category_column: "category", text_column: "text"})
    return validate_frame(renamed[["category", "text"]], SOURCE_SCHEMA, str(path))


def write_synthetic(settings: Settings) -> Path:
    """The generated resumes in ResumeAtlas's layout, with their truth and the jobs beside them."""
    data = settings.data
    resumes = generate_resumes(data.synthetic_resumes, settings.seed)
    jobs = generate_jobs(data.synthetic_jobs, settings.seed)
    folder = settings.paths.raw / "synthetic"
    with written_together() as staged:
        resumes[["Category", "Text"]].to_csv(staged.path(folder / "resumes.csv"), index=False)
        truth = resumes[["group", "skills", "years", "pii"]]
        truth.to_csv(staged.path(folder / "truth.csv"), index=False)
        jobs.to_csv(staged.path(folder / GENERATED_JOBS), index=False)
    return folder


def locate_source(settings: Settings, source: str) -> Path:
    """The raw data behind a source name, producing it when it is generated or remote."""
    if source == "synthetic":
        return write_synthetic(settings)
    if source == "public":
        return fetch_public(settings)
    return existing_path(source)


def read_source(path: Path) -> pd.DataFrame:
    """resume_id, category, text (raw) and group, plus the truth when the source is generated."""
    if path.is_dir() and (path / "truth.csv").is_file():
        frame = read_resume_csv(path / "resumes.csv")
        truth = read_text_csv(path / "truth.csv")
        if len(truth) != len(frame):
            raise DataError(f"{path}: truth.csv and resumes.csv differ in length: run `make data`")
        frame = pd.concat([frame, truth], axis=1)
    elif path.is_dir():
        frame = read_folder(path).assign(group="")
    else:
        frame = read_resume_csv(path).assign(group="")
    ids = [f"r{number:05d}" for number in range(1, len(frame) + 1)]
    return frame.assign(resume_id=ids)


def clean_resumes(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, int]]:
    """Texts cleaned (redaction.clean), empty ones and duplicates removed; what was removed."""
    cleaned = frame.assign(text=frame["text"].map(clean), category=frame["category"].str.strip())
    empty = cleaned["text"].eq("")
    kept, removed = remove_duplicates(cleaned[~empty])
    return kept, {"empty": int(empty.sum()), **removed}


def split_resumes(frame: pd.DataFrame, settings: Settings) -> dict[str, pd.DataFrame]:
    """Train / validation / test, stratified by category."""
    counts = frame["category"].value_counts()
    rare = counts[counts < MIN_PER_CATEGORY]
    if len(counts) < 2:
        raise DataError(f"the resumes hold {len(counts)} category; classifying needs at least 2")
    if len(rare):
        shown = ", ".join(f"{name!r} ({count})" for name, count in rare.head(3).items())
        raise DataError(
            f"{len(rare)} categor{'y has' if len(rare) == 1 else 'ies have'} fewer than "
            f"{MIN_PER_CATEGORY} distinct resumes, e.g. {shown}: each split needs some of every "
            "category; add resumes or remove the category"
        )
    split = settings.split
    parts = stratified_split(
        frame, frame["category"], split.validation_fraction, split.test_fraction, settings.seed
    )
    return {
        name: parts[name].sort_values("resume_id").reset_index(drop=True) for name in SPLIT_NAMES
    }


def graded_relevance(splits: dict[str, pd.DataFrame], jobs: pd.DataFrame) -> pd.DataFrame:
    """Every (job, resume of the job's split) pair, graded from the generator's truth."""
    truth = {
        name: list(zip(part["resume_id"], part["category"], part["skills"].str.split("; ").map(set),
                       part["years"].astype(int), strict=True))
        for name, part in splits.items()
    }  # fmt: skip
    rows = [
        (job["job_id"], resume_id, grade(opening, category, skills, years))
        for job in jobs.to_dict("records")
        for opening in [Opening.of(job)]
        for resume_id, category, skills, years in truth[job["split"]]
    ]
    return pd.DataFrame(rows, columns=RELEVANCE_COLUMNS)


def category_jobs(splits: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Without labelled jobs: one job per category for validation and one for test, asking for
    the vocabulary's skills most often mentioned by that category's training resumes.
    """
    vocabulary = Vocabulary.load()
    train = splits["train"]
    rows: list[dict[str, str]] = []
    for split in ("validation", "test"):
        for category in sorted(train["category"].unique()):
            texts = train.loc[train["category"] == category, "text"]
            counts = pd.Series([s for t in texts for s in set(vocabulary.skills_in(t))])
            common = counts.value_counts().index.tolist()
            must = common[:UNLABELLED_MUST_HAVE]
            nice = common[UNLABELLED_MUST_HAVE : UNLABELLED_MUST_HAVE + UNLABELLED_NICE_TO_HAVE]
            rows.append(describe_job(len(rows) + 1, split, category, must, nice))
    return pd.DataFrame(rows, columns=JOB_COLUMNS)


def describe_job(
    number: int, split: str, category: str, must: list[str], nice: list[str]
) -> dict[str, str]:
    title = f"{category} role"
    description = (
        f"{title}\n\nWe are looking for someone experienced in {category.lower()}.\n\n"
        f"Must have: {', '.join(must) or 'none listed'}.\n"
        f"Nice to have: {', '.join(nice) or 'none listed'}."
    )
    return {
        "job_id": f"j{number:03d}",
        "split": split,
        "category": category,
        "title": title,
        "description": description,
        "must_have": "; ".join(must),
        "nice_to_have": "; ".join(nice),
    }


def category_relevance(splits: dict[str, pd.DataFrame], jobs: pd.DataFrame) -> pd.DataFrame:
    """Every (job, resume of the job's split) pair: 2 for the job's category, 0 otherwise."""
    parts = []
    for _, job in jobs.iterrows():
        pool = splits[job["split"]]
        relevance = pool["category"].eq(job["category"]).astype("int64") * 2
        parts.append(
            pd.DataFrame(
                {"job_id": job["job_id"], "resume_id": pool["resume_id"], "relevance": relevance}
            )
        )
    return pd.concat(parts, ignore_index=True)


def jobs_and_relevance(
    splits: dict[str, pd.DataFrame], raw_path: Path
) -> tuple[pd.DataFrame, pd.DataFrame]:
    generated = raw_path / GENERATED_JOBS if raw_path.is_dir() else None
    if generated is not None and generated.is_file() and "skills" in splits["train"]:
        jobs = read_text_csv(generated)
        return jobs[JOB_COLUMNS], graded_relevance(splits, jobs)
    jobs = category_jobs(splits)
    return jobs, category_relevance(splits, jobs)


def describe(
    splits: dict[str, pd.DataFrame], removed: dict[str, int], jobs: pd.DataFrame, pairs: int
) -> dict[str, Any]:
    summary: dict[str, Any] = {
        name: {"rows": len(part), "categories": int(part["category"].nunique())}
        for name, part in splits.items()
    }
    summary["removed"] = removed
    counts = jobs["split"].value_counts()
    summary["jobs"] = {
        "validation": int(counts.get("validation", 0)),
        "test": int(counts.get("test", 0)),
        "labelled_pairs": pairs,
    }
    return summary


def prepare_data(settings: Settings, source: str | None = None) -> dict[str, Any]:
    """Load, clean, de-duplicate, split and save, with the jobs and relevance labels; return the
    manifest that describes what was written.
    """
    chosen = source or settings.data.source
    raw_path = locate_source(settings, chosen)
    resumes, removed = clean_resumes(read_source(raw_path))
    splits = split_resumes(resumes, settings)
    jobs, relevance = jobs_and_relevance(splits, raw_path)
    jobs = validate_frame(jobs, JOB_SCHEMA, JOBS_FILE)
    relevance = validate_frame(relevance, RELEVANCE_SCHEMA, RELEVANCE_FILE)
    files = {f"{name}.csv": part[RESUME_COLUMNS] for name, part in splits.items()}
    files |= {JOBS_FILE: jobs, RELEVANCE_FILE: relevance}
    summary = describe(splits, removed, jobs, len(relevance))
    return save_prepared(settings, chosen, raw_path, files, summary)


def load_split(settings: Settings, name: str) -> pd.DataFrame:
    """A prepared split (resume_id, category, text, group), checked against the manifest."""
    read_manifest(settings)
    path = settings.paths.processed / f"{name}.csv"
    return validate_frame(read_text_csv(path), RESUME_SCHEMA, str(path))


def load_jobs(settings: Settings) -> pd.DataFrame:
    read_manifest(settings)
    path = settings.paths.processed / JOBS_FILE
    return validate_frame(read_text_csv(path), JOB_SCHEMA, str(path))


def load_relevance(settings: Settings) -> pd.DataFrame:
    read_manifest(settings)
    path = settings.paths.processed / RELEVANCE_FILE
    return validate_frame(read_text_csv(path), RELEVANCE_SCHEMA, str(path))


def write_batch(settings: Settings, rows: int, seed: int, drifted: bool = False) -> Path:
    """New resumes as they would arrive (raw text, personal data and all), from the generated
    world of the training data (its seed); `drifted`: half of a category training never saw, the
    rest with skills it never saw.
    """
    resumes = generate_resumes(rows, seed, drifted, world_seed=settings.seed)
    batch = pd.DataFrame(
        {
            "resume_id": [f"b{number:05d}" for number in range(1, len(resumes) + 1)],
            "text": resumes["Text"],
        }
    )
    return write_file(settings.paths.batches / BATCH_FILE, partial(write_csv, batch))


def read_resumes(path: Path) -> pd.DataFrame:
    """Resumes to score or watch, as written in a CSV: see `resume_rows`."""
    return resume_rows(read_text_csv(path), str(path))


def resume_rows(frame: pd.DataFrame, where: str) -> pd.DataFrame:
    """Resumes as written (a text column, `text`, `Text` or `Resume`, and a `resume_id`, else the
    row in the input from 0 names each resume), the text column named `text`, validated; `where`
    names the input in a message.
    """
    text_column = next((name for name in TEXT_COLUMNS if name in frame.columns), None)
    if text_column is None:
        columns = ", ".join(map(str, frame.columns))
        raise DataError(
            f"{where} needs a text column: it has no `text` column (columns: {columns}); "
            "a `Text` or `Resume` column does too"
        )
    validated = validate_frame(frame.rename(columns={text_column: "text"}), BATCH_SCHEMA, where)
    if "resume_id" not in validated.columns:
        validated = validated.assign(resume_id=validated.index.astype(str))
    return validated


def read_batch(path: Path) -> pd.DataFrame:
    """A batch of resumes (see `read_resumes`), with the text cleaned exactly as the data stage
    cleans training resumes.
    """
    resumes = read_resumes(path)
    return resumes.assign(text=resumes["text"].map(clean))
