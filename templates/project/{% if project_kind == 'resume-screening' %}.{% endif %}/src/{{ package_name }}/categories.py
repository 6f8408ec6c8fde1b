"""The invented world the generator draws from, written by hand for this project: per category
(categories.csv), its job titles, the skills its people list (canonical names from skills.csv),
the duties they describe, what they studied and the categories whose work overlaps with theirs;
plus the words of a drifted world (skills the vocabulary does not know, a category training
never saw) and the names of companies, schools and places.

`share_a` is the share of a category's resumes written for synthetic audit group A (see
synthetic.py): a mild, deliberate imbalance, so that an audit has something to measure.
"""

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

CATEGORIES_FILE = "categories.csv"


@dataclass(frozen=True)
class Category:
    name: str
    titles: tuple[str, ...]
    skills: tuple[str, ...]
    duties: tuple[str, ...]
    fields: tuple[str, ...]
    neighbours: tuple[str, ...]
    share_a: float = 0.5


def items(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(";") if part.strip())


def read_category(row: dict[str, str]) -> Category:
    return Category(
        name=row["category"],
        titles=items(row["titles"]),
        skills=items(row["skills"]),
        duties=items(row["duties"]),
        fields=items(row["fields"]),
        neighbours=items(row["neighbours"]),
        share_a=float(row["share_a"]),
    )


@cache
def categories() -> tuple[Category, ...]:
    """The categories of the generated resumes, as categories.csv describes them."""
    content = resources.files(__package__).joinpath(CATEGORIES_FILE).read_text(encoding="utf-8")
    return tuple(read_category(row) for row in csv.DictReader(content.splitlines()))


# A drifted world: skills the vocabulary (and the training data) do not know, and resumes of a
# category that training never saw.
NEW_SKILLS = (
    "LangChain", "Polars", "DuckDB", "dbt", "Pulumi", "Deno", "SvelteKit", "Bun", "vLLM",
    "Dagster", "OpenTofu", "Astro", "HTMX", "Qwik", "Mojo", "Temporal", "Argo CD", "Crossplane",
)  # fmt: skip
UNSEEN = Category(
    name="Aviation",
    titles=("Aircraft Maintenance Engineer", "Flight Dispatcher", "Avionics Technician"),
    skills=(
        "Aircraft Maintenance",
        "Avionics",
        "Flight Planning",
        "EASA Part-66",
        "Crew Resource Management",
        "Airworthiness",
        "NDT Inspection",
    ),  # fmt: skip
    duties=(
        "inspected airframes and engines",
        "certified aircraft for release to service",
        "planned flight routes and fuel",
        "maintained avionics systems",
        "kept maintenance records for the regulator",
    ),
    fields=("Aeronautical Engineering", "Aviation Management"),
    neighbours=("Mechanical Engineer", "Electrical Engineering"),
)
COMPANIES = (
    "Northwind Traders", "Bluepeak Systems", "Crescent Analytics", "Harbor Logistics",
    "Ironleaf Consulting", "Kestrel Software", "Lumen Health", "Maple Grove Bank", "Orbit Retail",
    "Pinecrest Engineering", "Quartz Media", "Riverbend Manufacturing", "Summit Infrastructure",
    "Tidewater Energy", "Vertex Solutions", "Willow Education Trust", "Zenith Telecom",
    "Aurora Foods",
)  # fmt: skip
SCHOOLS = ("Lakeside", "Northern", "Central", "Eastern", "Westfield", "Royal")
UNIVERSITIES = (
    "State University", "Institute of Technology", "City College", "National University",
    "Polytechnic University", "University of the Coast", "Metropolitan University",
)  # fmt: skip
DEGREES = ("B.Sc.", "B.Tech", "B.E.", "B.Com", "BA", "M.Sc.", "MBA", "M.Tech", "Diploma")
STREETS = (
    "Maple", "Oak", "Cedar", "Lakeview", "Hillcrest", "Riverside", "Park", "Station", "Church",
    "Mill", "Garden", "Sunset",
)  # fmt: skip
STREET_TYPES = ("Street", "Road", "Avenue", "Lane", "Drive", "Close", "Way", "Boulevard")
CITIES = (
    "Springfield", "Riverton", "Lakeside", "Fairview", "Bengaluru", "Pune", "Leeds", "Manchester",
    "Nairobi", "Lagos", "Austin", "Toronto",
)  # fmt: skip
EMAIL_DOMAINS = (
    "gmail.com", "yahoo.com", "outlook.com", "mail.co.uk", "proton.me", "rediffmail.com",
)  # fmt: skip
