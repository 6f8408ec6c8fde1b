"""The service's requests and answers: pydantic models, strict and bounded.

Every text has a length limit and a request at most MAX_RESUMES resumes, so that no request can
hold the service for long: a value out of bounds is a 422 naming the field, and a body over
`serving.max_body_bytes` a 413 before it is read whole (frame/api/guards.py). Every answer carries
`notice`: the scores order and explain, a person decides. No answer has a decision field.
"""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from frame.request_types import WHOLE_NUMBER

MAX_TEXT_CHARS = 30_000  # one resume or one job description: about ten pages of plain text
MAX_RESUMES = 100  # resumes ranked in one request
MAX_ID_CHARS = 100
MAX_LISTED_SKILLS = 50  # must-haves, or nice-to-haves, named in one request
MAX_SKILL_CHARS = 60
MAX_TOP_K = 10  # categories one /classify answer may list
NOTICE = (
    "Advisory only: these scores order and explain resumes, they decide nothing. A person reads "
    "the resumes and makes every decision."
)

Text = Annotated[str, StringConstraints(min_length=1, max_length=MAX_TEXT_CHARS)]
SkillName = Annotated[str, StringConstraints(min_length=1, max_length=MAX_SKILL_CHARS)]
SkillList = Annotated[list[SkillName], Field(max_length=MAX_LISTED_SKILLS)]
STRICT = ConfigDict(frozen=True, extra="forbid", strict=True)


class ClassifyRequest(BaseModel):
    """One resume: which categories it reads like."""

    model_config = STRICT

    text: Text
    k: Annotated[int, Field(ge=1, le=MAX_TOP_K, strict=False), WHOLE_NUMBER] = 3


class CategoryScore(BaseModel):
    category: str
    probability: float


class Classification(BaseModel):
    """The k most likely categories, best first, with their probabilities."""

    categories: list[CategoryScore]
    model_version: str
    notice: str = NOTICE


class Resume(BaseModel):
    model_config = STRICT

    id: Annotated[str, StringConstraints(min_length=1, max_length=MAX_ID_CHARS)]
    text: Text


class RankRequest(BaseModel):
    """A job description and the resumes to order against it. The must-haves default to the
    skills the description names after "Must have:", the nice-to-haves to those after "Nice to
    have:"; a list given here replaces what the description says.
    """

    model_config = STRICT

    job_description: Text
    resumes: Annotated[list[Resume], Field(min_length=1, max_length=MAX_RESUMES)]
    must_have: SkillList | None = None
    nice_to_have: SkillList | None = None
    k: Annotated[int, Field(ge=1, le=MAX_RESUMES, strict=False), WHOLE_NUMBER] = MAX_RESUMES

    @model_validator(mode="after")
    def ids_are_unique(self) -> "RankRequest":
        ids = [resume.id for resume in self.resumes]
        repeated = sorted({identifier for identifier in ids if ids.count(identifier) > 1})
        if repeated:
            raise ValueError(f"each resume needs its own id; repeated: {', '.join(repeated[:5])}")
        return self


class Evidence(BaseModel):
    """A skill found in a text, and the words around it that show it."""

    skill: str
    evidence: str


class RankedResume(BaseModel):
    id: str
    rank: int
    score: float  # orders this request's resumes; not a probability, not comparable across jobs
    parts: dict[str, float]  # what the score is made of (lexical similarity, skill coverage...)
    matched: list[Evidence]
    missing: list[str]  # must-haves not found in the resume


class Ranking(BaseModel):
    """The resumes, best first (the top k), each with its score and what it matched and lacks;
    and the skills they were compared with (as the vocabulary names them).
    """

    must_have: list[str]
    nice_to_have: list[str]
    resumes: list[RankedResume]
    model_version: str
    notice: str = NOTICE


class SkillsRequest(BaseModel):
    """A text (a resume or a job description) to read skills from."""

    model_config = STRICT

    text: Text
    min_mentions: Annotated[int, Field(ge=1, le=100, strict=False), WHOLE_NUMBER] = 1


class FoundSkill(BaseModel):
    skill: str
    mentions: int
    evidence: str  # around the first mention


class Skills(BaseModel):
    """The vocabulary's skills the text names at least `min_mentions` times, in order of first
    mention.
    """

    skills: list[FoundSkill]
    model_version: str
    notice: str = NOTICE
