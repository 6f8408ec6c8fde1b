"""Text as it reaches every feature, log line and prediction log: `clean(text)` repairs scraped
text (`normalise`) and then removes personal data (`redact`). The data stage and the service call
the same function, so what the model learns from and what it is asked about are cleaned alike.

Redaction replaces e-mail addresses, URLs, phone numbers, street addresses and personal names by
[EMAIL], [URL], [PHONE], [ADDRESS] and [NAME], in that order (an e-mail address or a profile URL
often holds a name). Skills are never touched: "C++", "C#", ".NET", "ASP.NET", "Node.js", "R&D"
are not mistaken for addresses or URLs. Names are found from the lists in names.py (with the
capitalised word after a listed given name) and by their place ("Name:", "Ms.", a first line of
two or three capitalised words); see names.py for what that means for names outside the lists.
"""

import re
import unicodedata
from collections.abc import Callable
from functools import cache

from .categories import categories
from .names import (
    FAMILY_NAMES,
    GIVEN_NAMES_A,
    GIVEN_NAMES_B,
    OTHER_FAMILY_NAMES,
    OTHER_GIVEN_NAMES,
)
from .skills import Vocabulary

# Characters that UTF-8 text shows when it was decoded as Windows-1252 ("â€™" for "’"): a lead
# byte followed by continuation bytes, each seen as its Windows-1252 character.
CP1252_HIGH = "€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ"
CONTINUATION = f"[\x80-\xbf{CP1252_HIGH}]"
MOJIBAKE = re.compile("[\xc2-\xf4]" + CONTINUATION + "{1,3}")
TO_BYTE = {char: 0x80 + index for index, char in enumerate(CP1252_HIGH)}
PUNCTUATION = {
    "‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "•": " - ", "●": " - ",
    "▪": " - ", "➢": " - ", "◦": " - ", "·": " - ", "\u200b": "", "\u200c": "", "\u200d": "",
    "\ufeff": "",
}  # fmt: skip
TYPOGRAPHIC = re.compile(f"[{''.join(PUNCTUATION)}]")
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")  # the bullets of some PDF fonts
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")

EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]+(?:@[\w-]+(?:\.[\w-]+)+"
    r"|\s?[\[(]at[\])]\s?[\w-]+\s?[\[(]dot[\])]\s?[a-z]{2,})",
    re.IGNORECASE,
)
URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"]+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|io|dev|me|co|in|uk|de|info|ai|app|page)\b"
    r"(?:/[^\s<>\"]*)?"
)
PHONE = re.compile(
    r"(?<![\w+])(?:\(?\+\d{1,3}\)?[\s.-]?)?(?:\(\d{1,5}\)[\s.-]?)?\d{2,12}(?:[\s.-]\d{2,12}){0,4}"
    r"(?!\w)"
)
STREET_TYPES = (
    "Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Boulevard|Blvd|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|"
    "Close|Crescent|Nagar|Marg|Parkway|Square|Highway"
)
ADDRESS = re.compile(
    r"(?:\b(?:Flat|Apt|Apartment|Unit|Suite)\.?\s*\w+,?\s*)?"
    r"\b\d{1,5}[A-Za-z]?,?\s+(?:[A-Z][\w'.]*\s+){1,3}(?:" + STREET_TYPES + r")\b\.?"
    r"(?:,?\s*(?:Apt|Apartment|Unit|Suite|Flat)\.?\s*\w+)?"
    r"(?:,\s*[A-Z][a-z][\w'-]*(?:\s[A-Z][a-z][\w'-]*)?){0,2}"
    r"(?:,?\s*[A-Z]{2}\s+\d{5}(?:-\d{4})?|\s*[-,]?\s*\d{6}\b|,?\s*[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b)?"
)
# Cheap signs of each kind of personal data, searched first: see substitute_near.
EMAIL_HINT = re.compile(r"@|\[at\]|\(at\)", re.IGNORECASE)
URL_HINT = re.compile(r"://|www\.|\.(?:com|org|net|io|dev|me|co|in|uk|de|info|ai|app|page)\b")
PHONE_HINT = re.compile(r"\d[\d\s().+-]{7,}\d")
ADDRESS_HINT = re.compile(f"(?:{STREET_TYPES})\\b")
# Capitalised words (names start so); the check of the character before comes after the first
# letter, so the engine can skip ahead to the next capital.
WORD = re.compile(r"[A-ZÀ-ÖØ-Þ](?<![\w'-].)[\w'-]*")
HONORIFIC = re.compile(
    r"(?:M(?<![\w'-]M)(?:rs?|s|iss|x)|D(?<![\w'-]D)r|P(?<![\w'-]P)rof)"
    r"\.?\s+([A-Z][\w-]*(?:'(?!s\b)[\w-]+)?)"
)
NAME_LABEL = re.compile(r"\b(?i:name)[ \t]*[:\-][ \t]*((?:[A-Z][\w'.-]*[ \t]?){1,3})")
GIVEN = frozenset(n.casefold() for n in GIVEN_NAMES_A + GIVEN_NAMES_B + OTHER_GIVEN_NAMES)
FAMILY = frozenset(n.casefold() for n in FAMILY_NAMES + OTHER_FAMILY_NAMES)
NAMES = GIVEN | FAMILY
# Capitalised words of resumes that are not names: headings, labels, parts of job titles.
RESUME_WORDS = frozenset(
    {"about", "academic", "address", "career", "certificate", "contact", "core", "curriculum",
     "education", "email", "employment", "experience", "junior", "key", "lead", "mobile", "name",
     "objective", "phone", "principal", "professional", "profile", "qualification",
     "qualifications", "references", "resume", "senior", "skills", "summary", "technical",
     "total", "vitae", "work"}
)  # fmt: skip
HEADER = re.compile(  # two or three capitalised words, then the end of the line or contacts
    r"\A\s*((?:[A-Z][\w'-]*[ \t]){1,2}[A-Z][\w'-]*)"
    r"(?=[ \t]*(?:\n|\||,|\Z|(?i:e-?mail|phone|mobile)))"
)
MIN_PHONE_DIGITS = 10


def clean(text: str) -> str:
    """The text every feature and log sees: repaired, then without personal data."""
    return redact(normalise(text))


def normalise(text: str) -> str:
    """Scraped text repaired: mojibake decoded ("â€™" back to "'"), compatibility characters
    folded (NFKC: no-break spaces, ligatures), typographic quotes, dashes and bullets made plain,
    invisible and control characters dropped, runs of spaces collapsed, at most one blank line.
    """
    if not text.isascii():  # the repairs below change ASCII text in no way
        text = MOJIBAKE.sub(repair_mojibake, text)
        text = unicodedata.normalize("NFKC", text)
        text = TYPOGRAPHIC.sub(lambda match: PUNCTUATION[match.group()], text)
        text = PRIVATE_USE.sub(" - ", text)
    text = CONTROL.sub(" ", text.replace("\r", ""))
    text = re.sub(r"[^\S\n]+", " ", text)
    text = re.sub(r" ?\n ?", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def repair_mojibake(match: re.Match[str]) -> str:
    """One run of mojibake decoded as the UTF-8 it was (its longest start that decodes, the rest
    kept); left as it is when it is not mojibake.
    """
    run = match.group()
    for length in range(len(run), 1, -1):
        try:
            return (
                bytes(TO_BYTE.get(c, ord(c)) for c in run[:length]).decode("utf-8") + run[length:]
            )
        except (UnicodeDecodeError, ValueError):
            continue
    return run


def redact(text: str) -> str:
    """`text` with personal data replaced by [EMAIL], [URL], [PHONE], [ADDRESS] and [NAME]."""
    text = substitute_near(EMAIL, "[EMAIL]", text, EMAIL_HINT, (80, 80))
    text = substitute_near(URL, replace_url, text, URL_HINT, (80, 200))
    text = substitute_near(PHONE, replace_phone, text, PHONE_HINT, (8, 8))
    text = substitute_near(ADDRESS, "[ADDRESS]", text, ADDRESS_HINT, (100, 80))
    return redact_names(text)


def substitute_near(
    pattern: re.Pattern[str],
    replacement: str | Callable[[re.Match[str]], str],
    text: str,
    hint: re.Pattern[str],
    reach: tuple[int, int],
) -> str:
    """`pattern.sub(replacement, text)`, run only on the stretches of text around a `hint` (an
    "@", a digit run, a street type): the detailed patterns cost ten times what the hints cost,
    and most of a resume holds no personal data. A stretch reaches `reach` characters before and
    after its hint, widened to whole words, farther than any match of the pattern extends.
    """
    stretches: list[tuple[int, int]] = []
    for found in hint.finditer(text):
        start = text.rfind(" ", 0, max(0, found.start() - reach[0])) + 1
        ends = [i for i in (text.find(" ", found.end() + reach[1]),) if i >= 0]
        end = ends[0] if ends else len(text)
        if stretches and start <= stretches[-1][1]:
            stretches[-1] = (stretches[-1][0], max(end, stretches[-1][1]))
        else:
            stretches.append((start, end))
    pieces: list[str] = []
    position = 0
    for start, end in stretches:
        pieces += [text[position:start], pattern.sub(replacement, text[start:end])]
        position = end
    return "".join([*pieces, text[position:]])


def replace_url(match: re.Match[str]) -> str:
    """A URL, unless it is a skill written like one ("ASP.NET", "Vue.js"); punctuation that ends
    a sentence after it stays.
    """
    url = match.group()
    stripped = url.rstrip(".,;:)]")
    if stripped.casefold() in skill_terms():
        return url
    return "[URL]" + url[len(stripped) :]


def replace_phone(match: re.Match[str]) -> str:
    """A phone number: the longest start of the match with ten to fifteen digits (a country
    code may stand for one of them) that is not a run of years ("2015-2019"); numbers glued to it
    in flattened text (a house number) stay.
    """
    number = match.group()
    for end in sorted((m.end() for m in re.finditer(r"\d+", number)), reverse=True):
        if is_phone(number[:end]):
            return "[PHONE]" + number[end:]
    return number


def is_phone(number: str) -> bool:
    digits = re.sub(r"\D", "", number)
    enough = len(digits) >= MIN_PHONE_DIGITS or (number.startswith("+") and len(digits) >= 9)
    parts = [part for part in re.split(r"[\s.()+-]+", number) if part]
    years = all(re.fullmatch(r"(?:19|20)\d\d", part) for part in parts)
    return enough and len(digits) <= 15 and not years


def redact_names(text: str) -> str:
    """Names: after a "Name:" label or a title ("Ms. X"); a first line that reads as one (two or
    three capitalised words, none of them a skill or a word of headings and job titles); and
    names from the lists (a given name with any family names and initials after it, or the one
    capitalised word that follows it; a family name alone). Words inside a skill's name ("Allen
    Bradley", a kind of PLC) are never taken for a name.
    """
    text = NAME_LABEL.sub(lambda m: m.group().replace(m.group(1).strip(), "[NAME]"), text)
    text = HONORIFIC.sub(lambda m: m.group().replace(m.group(1), "[NAME]"), text)
    header = HEADER.match(text)
    if (
        header
        and all(could_be_name(word) for word in header.group(1).split())
        and not Vocabulary.load().find(header.group(1))
    ):
        text = text[: header.start(1)] + "[NAME]" + text[header.end(1) :]
    spans = name_spans(text)
    words = {word.casefold() for start, end in spans for word in text[start:end].split()}
    skills = skill_spans(text) if words & name_words_in_skills() else []
    pieces: list[str] = []
    position = 0
    for start, end in spans:
        if overlaps((start, end), skills):
            continue
        pieces += [text[position:start], "[NAME]"]
        position = end
    return "".join([*pieces, text[position:]])


def skill_spans(text: str) -> list[tuple[int, int]]:
    return [(match.start, match.end) for match in Vocabulary.load().find(text)]


@cache
def name_words_in_skills() -> frozenset[str]:
    """Listed names that are words of a skill's (longer) name, such as "allen" (Allen Bradley):
    only a text with one of these among its names is searched for skills before redaction.
    """
    return frozenset(word for term in skill_terms() for word in term.split() if word in NAMES)


def overlaps(span: tuple[int, int], others: list[tuple[int, int]]) -> bool:
    return any(start < span[1] and span[0] < end for start, end in others)


def name_spans(text: str) -> list[tuple[int, int]]:
    """Where the listed names are: runs of capitalised words joined by single spaces (or an
    initial, "J."), each a listed name or the one unlisted word right after a given name.
    """
    spans: list[tuple[int, int]] = []
    after_given = False
    for word in WORD.finditer(text):
        base = re.sub(r"(?:'s|')$", "", word.group()) if "'" in word.group() else word.group()
        start, end = word.start(), word.start() + len(base)
        joined = bool(spans) and (
            text[spans[-1][1] : start] in (" ", "\n")
            or re.fullmatch(r" [A-Z]\. ?", text[spans[-1][1] : start]) is not None
        )
        if is_listed_name(base):
            spans[-1:] = [(spans[-1][0], end)] if joined else [*spans[-1:], (start, end)]
            after_given = base.casefold() in GIVEN and not joined
        elif after_given and joined and text[spans[-1][1] : start] == " " and could_be_name(base):
            spans[-1] = (spans[-1][0], end)
            after_given = False
        else:
            after_given = False
    return spans


def is_listed_name(word: str) -> bool:
    return capitalised(word) and word.casefold() in NAMES and not is_term(word)


def could_be_name(word: str) -> bool:
    """A capitalised word that is neither a skill nor a word of headings and job titles."""
    return capitalised(word) and len(word) > 1 and not is_term(word)


def capitalised(word: str) -> bool:
    return word[:1].isupper() and (word[1:].islower() or word.isupper() or "'" in word)


def is_term(word: str) -> bool:
    folded = word.casefold()
    return folded in skill_terms() or folded in RESUME_WORDS or folded in title_words()


@cache
def title_words() -> frozenset[str]:
    return frozenset(
        word.casefold() for c in categories() for title in c.titles for word in title.split()
    )


@cache
def skill_terms() -> frozenset[str]:
    """Every skill name and alias, folded: text that is one of them is never redacted."""
    vocabulary = Vocabulary.load()
    return frozenset(
        term.casefold() for skill in vocabulary.skills for term in (skill.name, *skill.aliases)
    )
