"""This project's routes: a resume's likely categories, resumes ranked against a job description
with the skills each matched and lacks, and the skills a text names.

Hands project.py `router`, `DEMOS` (the demo page's forms) and `load_model_for_serving`. Texts
arrive raw: the `Screener` redacts them with the data stage's own `clean` before anything else
reads them. The prediction log, when configured, records sizes, ids, categories, skills and
scores, never a text: a resume is personal data, and the log outlives the request.
Every answer says it is advisory (`NOTICE`); none holds a decision.
"""

import json
from collections.abc import Callable, Sequence
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

from frame.api.deps import ServedModel, Serving, ServingDep, load_served_model
from frame.api.guards import BODY_ERRORS
from frame.contract import Demo

from ..config import Settings
from ..features import count_words
from ..modeling.predict import Screener
from ..modeling.ranking import requirements
from ..redaction import clean
from .schemas import (
    NOTICE,
    Classification,
    ClassifyRequest,
    Ranking,
    RankRequest,
    Skills,
    SkillsRequest,
)

router = APIRouter(tags=["screening"])


def load_model_for_serving(settings: Settings) -> ServedModel[Screener]:
    def build(screener: Screener, metadata: dict[str, Any]) -> Screener:
        # One call of each kind at start-up, so that the first visitor does not pay for the
        # lazy parts (the skills vocabulary's patterns, scikit-learn's first transform).
        screener.rank(DEMO_JOB, [DEMO_RESUMES[0]["text"]])
        screener.classify([DEMO_RESUMES[0]["text"]], 1)
        return screener

    return load_served_model(settings.paths.models, build)


def answer(body: dict[str, Any]) -> Response:
    # Encoded here, in the documented shape: FastAPI would validate and re-encode the model.
    return Response(json.dumps({**body, "notice": NOTICE}), media_type="application/json")


def size_of(text: str) -> dict[str, int]:
    """What the prediction log keeps of a text: its size, which drift monitoring reads."""
    return {"characters": len(text), "words": count_words(text)}


Entries = tuple[list[dict[str, Any]], list[dict[str, Any]]]  # the log's inputs and outputs


def log(serving: Serving, entries: Callable[[], Entries]) -> None:
    """Appends `entries()` to the prediction log, when there is one: only then are they built
    (counting the words of a hundred resumes is not free).
    """
    if serving.prediction_log is not None:
        serving.prediction_log.append(*entries(), serving.model.version)


@router.post("/classify", response_model=Classification, responses=BODY_ERRORS)
async def classify(request: ClassifyRequest, serving: ServingDep) -> Response:
    """The k categories the resume most reads like, best first, with their probabilities."""
    screener: Screener = serving.model.predictor
    [top] = screener.classify([request.text], min(request.k, len(screener.classes)))
    categories = [{"category": name, "probability": float(p)} for name, p in top]
    log(
        serving,
        lambda: (
            [{"route": "classify", **size_of(request.text), "k": request.k}],
            [{"categories": [name for name, _ in top]}],
        ),
    )
    return answer({"categories": categories, "model_version": serving.model.version})


def first_per_skill(matches: Sequence[Any]) -> list[dict[str, str]]:
    """Each skill once, with the evidence of its first mention."""
    found: dict[str, str] = {}
    for match in matches:
        found.setdefault(match.skill, match.evidence)
    return [{"skill": skill, "evidence": evidence} for skill, evidence in found.items()]


def wanted_skills(screener: Screener, request: RankRequest) -> tuple[list[str], list[str]]:
    """The must-haves and nice-to-haves the ranking uses: those the request lists, by their
    names in the vocabulary ("python", "sklearn" are Python, scikit-learn), else those the job
    description names after "Must have:" and "Nice to have:".
    """
    vocabulary = screener.vocabulary
    found = requirements(clean(request.job_description), vocabulary)
    given = (request.must_have, request.nice_to_have)
    return (
        found[0] if given[0] is None else vocabulary.resolve(given[0]),
        found[1] if given[1] is None else vocabulary.resolve(given[1]),
    )


def logged_ranking(request: RankRequest, matches: Sequence[Any]) -> Entries:
    """One prediction-log entry per resume: its id and size, its rank, score and skills."""
    job_words = count_words(request.job_description)
    resumes = [request.resumes[match.index] for match in matches]
    inputs = [
        {"route": "rank", "job_words": job_words, "resume_id": resume.id, **size_of(resume.text)}
        for resume in resumes
    ]
    outputs = [
        {
            "rank": position,
            "score": float(match.score),
            "matched": sorted({found.skill for found in match.matched}),
            "missing": list(match.missing),
        }
        for position, match in enumerate(matches, start=1)
    ]
    return inputs, outputs


@router.post("/rank", response_model=Ranking, responses=BODY_ERRORS)
def rank(request: RankRequest, serving: ServingDep) -> Response:
    """The resumes ordered against the job description, best first (the top k), each with its
    score, what the score is made of, the skills it matched (with the words that show them) and
    the must-haves it lacks. Runs in the thread pool: a hundred resumes take tens of
    milliseconds, which the event loop should not wait for.
    """
    screener: Screener = serving.model.predictor
    must_have, nice_to_have = wanted_skills(screener, request)
    texts = [resume.text for resume in request.resumes]
    matches = screener.rank(request.job_description, texts, must_have, nice_to_have)
    ranked = [
        {
            "id": request.resumes[match.index].id,
            "rank": position,
            "score": float(match.score),
            "parts": {name: float(value) for name, value in match.parts.items()},
            "matched": first_per_skill(match.matched),
            "missing": list(match.missing),
        }
        for position, match in enumerate(matches, start=1)
    ]
    log(serving, lambda: logged_ranking(request, matches))
    body = {"must_have": must_have, "nice_to_have": nice_to_have, "resumes": ranked[: request.k]}
    return answer({**body, "model_version": serving.model.version})


@router.post("/skills", response_model=Skills, responses=BODY_ERRORS)
async def skills(request: SkillsRequest, serving: ServingDep) -> Response:
    """The skills of the project's vocabulary that the text names, in order of first mention,
    each with how often it is named and the words around its first mention.
    """
    screener: Screener = serving.model.predictor
    matches = screener.skills(request.text)  # every mention, in order
    mentions: dict[str, int] = {}
    for match in matches:
        mentions[match.skill] = mentions.get(match.skill, 0) + 1
    found = [
        {**first, "mentions": mentions[first["skill"]]}
        for first in first_per_skill(matches)
        if mentions[first["skill"]] >= request.min_mentions
    ]
    log(
        serving,
        lambda: (
            [{"route": "skills", **size_of(request.text), "min_mentions": request.min_mentions}],
            [{"skills": [item["skill"] for item in found]}],
        ),
    )
    return answer({"skills": found, "model_version": serving.model.version})


DEMO_JOB = (
    "Data Scientist. You will build and evaluate machine learning models on customer data, "
    "write SQL against our warehouse and present results to product teams.\n"
    "Must have: Python, SQL, machine learning.\n"
    "Nice to have: Docker, AWS, Tableau."
)
DEMO_RESUMES = [
    {
        "id": "candidate-a",
        "text": (
            "Data scientist with five years of machine learning experience. Built churn and "
            "demand forecasting models in Python with scikit-learn and pandas; wrote SQL daily "
            "against a Postgres warehouse. Deployed models with Docker on AWS. MSc in Statistics."
        ),
    },
    {
        "id": "candidate-b",
        "text": (
            "Data analyst. Three years of reporting in Excel and Tableau, SQL queries for "
            "monthly dashboards, some Python scripting for data cleaning. BSc in Economics."
        ),
    },
    {
        "id": "candidate-c",
        "text": (
            "Front-end developer. Four years building web applications in JavaScript, React "
            "and TypeScript; CSS and accessibility; unit tests with Jest. BSc in Computer Science."
        ),
    },
]
NOTICE_ROLE = {"notice": "notice"}
DEMOS = [
    Demo(
        title="Rank resumes",
        description=(
            "Paste a job description and a few resumes: they come back ordered, with the skills "
            "each one shows and the must-haves it lacks. A person decides; the order only helps."
        ),
        path="/rank",
        example={"job_description": DEMO_JOB, "resumes": DEMO_RESUMES, "k": 10},
        renderer="ranking",
        answer={
            "items": "resumes",
            "title": "id",
            "score": "score",
            "details": "parts",
            "matched": "matched",
            "missing": "missing",
            **NOTICE_ROLE,
        },
    ),
    Demo(
        title="Classify a resume",
        description="Which categories does this resume read like? The top k, with probabilities.",
        path="/classify",
        example={"text": DEMO_RESUMES[0]["text"], "k": 3},
        renderer="ranking",
        answer={"items": "categories", "title": "category", "score": "probability", **NOTICE_ROLE},
    ),
    Demo(
        title="Find skills",
        description="The skills of the vocabulary a text names, and where it names them.",
        path="/skills",
        example={"text": DEMO_JOB, "min_mentions": 1},
        renderer="ranking",
        answer={
            "items": "skills",
            "title": "skill",
            "score": "mentions",
            "details": "evidence",
            **NOTICE_ROLE,
        },
    ),
]
