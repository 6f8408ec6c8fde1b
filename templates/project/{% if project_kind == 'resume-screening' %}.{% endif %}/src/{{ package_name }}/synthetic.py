"""Generated resumes, seeded: the default data, in ResumeAtlas's layout
(`Category`, `Text`), with the hidden truth that real data never has.

Each resume belongs to a category (categories.py) but borrows from a neighbouring one, as careers
do: some of its skills, duties and sometimes its title come from there, so categories overlap and
no classifier is perfect. The text reads like scraped resumes: sections in varied order, skills
written by their aliases, typos, mojibake ("â€™"), odd whitespace, sometimes flattened to one
line. Every resume carries personal data (a name, an e-mail address, a phone number, often a
street address and a profile URL), recorded as planted so that redaction can be measured.

`group` is a synthetic audit attribute, never a feature: group A resumes are written with names
from names.GIVEN_NAMES_A and "she/her", group B with GIVEN_NAMES_B and "he/his". Its share
varies by category (categories.py, `share_a`), a deliberate, mild imbalance. Relevance of a
resume to a job is graded from that truth (jobs.py), never from the text.
"""

import json
import string

import numpy as np
import pandas as pd

from .categories import (
    CITIES,
    COMPANIES,
    DEGREES,
    EMAIL_DOMAINS,
    NEW_SKILLS,
    SCHOOLS,
    STREET_TYPES,
    STREETS,
    UNIVERSITIES,
    UNSEEN,
    Category,
    categories,
)
from .names import FAMILY_NAMES, GIVEN_NAMES_A, GIVEN_NAMES_B
from .redaction import CP1252_HIGH, skill_terms
from .skills import Vocabulary

PRONOUNS = {"A": ("she", "her"), "B": ("he", "his")}
DUPLICATE_SHARE = 0.03  # resumes posted twice (as a scraped set has them)
BETWEEN_SHARE = 0.3  # resumes whose career sits between two categories
BETWEEN_OWN = 0.4  # the share of their skills and duties from their own category
CAREER_CHANGE = 0.05  # resumes that borrow from any category, not only a neighbouring one
LAST_YEAR = 2025
ADJECTIVES = ("Motivated", "Experienced", "Detail-oriented", "Result-driven")
Rng = np.random.Generator


def generate_resumes(
    count: int, seed: int, drifted: bool = False, world_seed: int | None = None
) -> pd.DataFrame:
    """`count` resumes: Category, Text and the truth (group, skills, years, planted PII as JSON).
    How common each category is belongs to the world (`world_seed`, by default `seed`), so a
    later batch of the same world has the training data's mix; only the data set itself (no
    `world_seed`, not drifted) holds re-posted copies, as a scraped set does. `drifted`: half of
    them of a category training never saw, the rest listing skills the vocabulary does not know.
    """
    world = categories()
    weights = np.random.default_rng([seed if world_seed is None else world_seed, 3]).uniform(
        0.7, 1.3, len(world)
    )
    rng = np.random.default_rng([seed, int(drifted)])
    chosen = rng.choice(len(world), size=count, p=weights / weights.sum())
    rows = []
    for index in chosen:
        category = world[index]
        if drifted and rng.random() < 0.5:
            category = UNSEEN
        rows.append(write_resume(category, rng, drifted))
    frame = pd.DataFrame(rows)
    return frame if drifted or world_seed is not None else plant_duplicates(frame, rng)


def write_resume(category: Category, rng: Rng, drifted: bool = False) -> dict[str, object]:
    others = category.neighbours if rng.random() > CAREER_CHANGE else tuple(by_name())
    neighbour = by_name().get(str(rng.choice(others)), category)
    own = BETWEEN_OWN if rng.random() < BETWEEN_SHARE else 0.7  # careers between two categories
    group = "A" if rng.random() < category.share_a else "B"
    person = make_person(group, rng)
    skills = pick_skills(category, neighbour, own, rng, drifted)
    years = int(min(rng.geometric(0.14) - 1, 25))
    title = pick(category.titles if rng.random() < own + 0.15 else neighbour.titles, rng)
    contact, pii = write_contact(person, rng)
    sections = [
        write_summary(person, title, years, skills, rng),
        write_skills(skills, rng),
        write_experience(category, neighbour, own, title, years, skills, rng),
        write_education(category, rng),
    ]
    order = rng.permutation(len(sections))
    parts = [contact, *(sections[i] for i in order)]
    if rng.random() < 0.15:  # the header scraped to the end
        parts = parts[1:] + parts[:1]
    text = add_noise("\n\n".join(parts), rng)
    if any(f"{person[0]} is" in section for section in sections):  # a third-person profile
        pii.append(("name", person[0]))
    return {
        "Category": category.name,
        "Text": text,
        "group": group,
        "skills": "; ".join(skills),
        "years": years,
        "pii": json.dumps(pii, ensure_ascii=False),
    }


def by_name() -> dict[str, Category]:
    return {category.name: category for category in categories()}


def make_person(group: str, rng: Rng) -> tuple[str, str, str, str]:
    """Given name, family name, and the pronouns of the person's group."""
    given = pick(GIVEN_NAMES_A if group == "A" else GIVEN_NAMES_B, rng)
    return (given, pick(FAMILY_NAMES, rng), *PRONOUNS[group])


def pick(options: tuple[str, ...] | list[str], rng: Rng) -> str:
    return str(options[int(rng.integers(len(options)))])


def pick_skills(
    category: Category, neighbour: Category, own: float, rng: Rng, drifted: bool
) -> list[str]:
    everything = Vocabulary.load().names
    skills: list[str] = []
    for _ in range(int(rng.integers(5, 11))):
        draw = rng.random()
        source = category.skills if draw < own else neighbour.skills if draw < 0.92 else everything
        skill = pick(source, rng)
        if drifted and rng.random() < 0.6:
            skill = pick(NEW_SKILLS, rng)
        if skill not in skills:
            skills.append(skill)
    return skills


def written_as(skill: str, rng: Rng) -> str:
    """A skill as a person writes it: its name, or now and then one of its aliases."""
    known = Vocabulary.load().by_name.get(skill)
    if known is None or not known.aliases or rng.random() < 0.7:
        return skill
    return pick(known.aliases, rng)


def write_contact(person: tuple[str, ...], rng: Rng) -> tuple[str, list[tuple[str, str]]]:
    given, family = person[0], person[1]
    name = f"{given} {family}"
    handle = f"{given}.{family}".casefold().replace("'", "")
    handle = "".join(c for c in handle if c in string.ascii_lowercase + ".") or "candidate"
    email = (
        f"{handle}{rng.integers(1, 99) if rng.random() < 0.5 else ''}@{pick(EMAIL_DOMAINS, rng)}"
    )
    pii: list[tuple[str, str]] = [("name", name), ("email", email)]
    lines = [name.upper() if rng.random() < 0.3 else name, f"Email: {email}"]
    if rng.random() < 0.9:
        phone = write_phone(rng)
        pii.append(("phone", phone))
        lines.append(f"{pick(['Phone', 'Mobile', 'Tel', 'Contact'], rng)}: {phone}")
    if rng.random() < 0.6:
        address = write_address(rng)
        pii.append(("address", address))
        lines.append(f"Address: {address}" if rng.random() < 0.5 else address)
    if rng.random() < 0.6:
        slug = handle.replace(".", "-")
        url = pick(
            [f"linkedin.com/in/{slug}", f"https://github.com/{slug.replace('-', '')}",
             f"https://www.{slug}.dev", f"https://linkedin.com/in/{slug}-{rng.integers(10, 99)}"],
            rng,
        )  # fmt: skip
        pii.append(("url", url))
        lines.append(url)
    separator = " | " if rng.random() < 0.4 else "\n"
    return separator.join(lines), pii


def write_phone(rng: Rng) -> str:
    digits = rng.integers(0, 10, 10)
    d = "".join(str(x) for x in digits)
    formats = [
        f"+1 ({d[:3]}) {d[3:6]}-{d[6:]}", f"({d[:3]}) {d[3:6]}-{d[6:]}",
        f"{d[:3]}.{d[3:6]}.{d[6:]}", f"{d[:3]}-{d[3:6]}-{d[6:]}", f"+91 9{d[1:5]} {d[5:]}",
        f"9{d[1:]}", f"+44 20 {d[2:6]} {d[6:]}", f"+234 80{d[2]} {d[3:6]} {d[6:]}",
    ]  # fmt: skip
    return pick(formats, rng)


def write_address(rng: Rng) -> str:
    number = int(rng.integers(1, 999))
    street = f"{number} {pick(STREETS, rng)} {pick(STREET_TYPES, rng)}"
    city = pick(CITIES, rng)
    endings = [
        f", {city}", f", {city}, TX {rng.integers(10000, 99999)}",
        f", {city} {rng.integers(400001, 700000)}",
        f", {city} LS{rng.integers(1, 20)} {rng.integers(1, 9)}AB", "",
    ]  # fmt: skip
    flat = f"Flat {rng.integers(1, 40)}, " if rng.random() < 0.15 else ""
    return f"{flat}{street}{pick(endings, rng)}"


def write_summary(
    person: tuple[str, ...], title: str, years: int, skills: list[str], rng: Rng
) -> str:
    given, _, pronoun, possessive = person
    they = pronoun.capitalize()
    top = ", ".join(written_as(skill, rng) for skill in skills[:3])
    heading = pick(
        ["SUMMARY", "Profile", "Career Objective", "About Me", "PROFESSIONAL SUMMARY"], rng
    )
    experience = f"{years} years of experience" if years else "a fresh graduate's training"
    if rng.random() < 0.5:  # written in the third person, as agencies write profiles
        body = (
            f"{given} is {article(title)} {title.lower()} with {experience}. {they} is known "
            f"for careful work, and {possessive} strengths include {top}. {they} enjoys "
            f"working with people and wants to grow in a team that values {possessive} ideas."
        )
    else:
        body = (
            f"{pick(ADJECTIVES, rng)} {title.lower()} with {experience}, skilled in {top}. "
            "Looking for a role where I can use my skills and learn from a strong team."
        )
    return f"{heading}\n{typos(body, rng)}"


def article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def write_skills(skills: list[str], rng: Rng) -> str:
    written = [written_as(skill, rng) for skill in skills]
    heading = pick(["Skills", "TECHNICAL SKILLS", "Key Skills", "Core Competencies"], rng)
    style = rng.random()
    if style < 0.4:
        return f"{heading}\n" + "\n".join(f"{pick(['•', '-', '', '➢'], rng)} {s}" for s in written)
    if style < 0.7:
        return f"{heading}: " + ", ".join(written)
    return f"{heading}\n" + " | ".join(written)


def write_experience(
    category: Category,
    neighbour: Category,
    own: float,
    title: str,
    years: int,
    skills: list[str],
    rng: Rng,
) -> str:
    heading = pick(["EXPERIENCE", "Work History", "Professional Experience", "Employment"], rng)
    lines = [heading]
    end = LAST_YEAR - int(rng.integers(0, 3))
    spans = split_years(years, int(rng.integers(1, 4)), rng)
    for position, span in enumerate(spans):
        role = (
            title
            if position == 0
            else pick((category if rng.random() < own else neighbour).titles, rng)
        )
        start = end - span
        dash = pick([" - ", " – ", " to ", "-"], rng)
        lines.append(
            f"{role}, {pick(COMPANIES, rng)} ({start}{dash}{'Present' if position == 0 else end})"
        )
        for _ in range(int(rng.integers(1, 3))):
            source = category if rng.random() < own + 0.1 else neighbour
            duty = pick(source.duties, rng)
            tool = written_as(pick(skills, rng), rng) if skills else ""
            sentence = (
                f"{duty.capitalize()} using {tool}."
                if tool and rng.random() < 0.6
                else f"{duty.capitalize()}."
            )
            lines.append(f"{pick(['- ', '• ', ''], rng)}{typos(sentence, rng)}")
        end = start
    if years:
        lines.append(f"Total experience: {years} year{'s' if years != 1 else ''}.")
    return "\n".join(lines)


def split_years(years: int, parts: int, rng: Rng) -> list[int]:
    """A career of `years` years in at most `parts` positions, the latest first."""
    if years <= 1:
        return [years]
    cuts = sorted(
        int(x) for x in rng.choice(np.arange(1, years), size=min(parts, years) - 1, replace=False)
    )
    bounds = [0, *cuts, years]
    return [bounds[i + 1] - bounds[i] for i in range(len(bounds) - 1)][::-1]


def write_education(category: Category, rng: Rng) -> str:
    heading = pick(["EDUCATION", "Education", "Academic Qualifications", "Qualification"], rng)
    year = LAST_YEAR - int(rng.integers(1, 25))
    school = f"{pick(SCHOOLS, rng)} {pick(UNIVERSITIES, rng)}"
    line = f"{pick(DEGREES, rng)} in {pick(category.fields, rng)}, {school}, {year}"
    if rng.random() < 0.3:
        line += f"\nCertificate in {pick(category.fields, rng)} ({year + 1}); résumé on request"
    return f"{heading}\n{line}"


def typos(text: str, rng: Rng, rate: float = 0.03) -> str:
    """Swapped letters in some long lower-case words (never in a skill's name)."""
    words = text.split(" ")
    terms = skill_terms()
    for i, word in enumerate(words):
        if (
            len(word) >= 6
            and word.isalpha()
            and word.islower()
            and word not in terms
            and rng.random() < rate
        ):
            j = int(rng.integers(1, len(word) - 2))
            words[i] = word[:j] + word[j + 1] + word[j] + word[j + 2 :]
    return " ".join(words)


def add_noise(text: str, rng: Rng) -> str:
    """What scraping does: mojibake, apostrophes turned typographic, odd spaces, one line."""
    text = text.replace("'", "’") if rng.random() < 0.5 else text
    if rng.random() < 0.25:
        text = garble(text)
    if rng.random() < 0.5:
        text = text.replace(", ", pick([",  ", ",\xa0", ", \t"], rng), int(rng.integers(1, 4)))
    if rng.random() < 0.3:
        text = " ".join(text.split("\n"))
    return text + pick(["", " ", "\n", "\r\n"], rng)


def garble(text: str) -> str:
    """UTF-8 text read as Windows-1252, the commonest mojibake ("’" becomes "â€™")."""
    return "".join(
        CP1252_HIGH[byte - 0x80] if 0x80 <= byte < 0xA0 else chr(byte)
        for byte in text.encode("utf-8")
    )


def plant_duplicates(frame: pd.DataFrame, rng: Rng) -> pd.DataFrame:
    """Re-post some resumes, as scraped sets hold them: the same text with other spacing (an
    exact duplicate once cleaned), or with one line added (a near duplicate).
    """
    copies = rng.choice(len(frame), size=int(len(frame) * DUPLICATE_SHARE), replace=False)
    reposted = frame.iloc[copies].copy()
    near = rng.random(len(reposted)) < 0.5
    reposted["Text"] = [
        text + "\nReferences available on request." if is_near else text.replace("\n", "  \n")
        for text, is_near in zip(reposted["Text"], near, strict=True)
    ]
    positions = rng.integers(0, len(frame) + 1, len(reposted))
    combined = pd.concat([frame, reposted.set_axis(positions + 0.5)]).sort_index(kind="stable")
    return combined.reset_index(drop=True)
