"""A seeded generator of customers in the IBM Telco schema, made from scratch (no real rows).

The churn signal follows what is known of the real set: month-to-month contracts, fiber optic,
electronic check, high charges and short tenure churn more; partners, long tenure and support
services churn less. A noise term keeps a good model around ROC-AUC 0.85, not 1.0.

`drifted=True` draws from a shifted population, to exercise drift monitoring: more
month-to-month and fiber customers, shorter tenure, and a price rise on every bill.
"""

import string
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .schemas import ADD_ON_COLUMNS, COLUMN_ORDER, CONTRACTS, ID_COLUMN, PAYMENT_METHODS

CHURN_RATE = 0.265
BLANK_TOTAL_SHARE = 11 / 7043  # customers in their first month, with no bill yet
NOISE_SCALE = 0.5
MAIN_SCALE = 1.5
INTERACTION_SCALE = 1.5


@dataclass(frozen=True)
class Population:
    """The mix of customers the generator draws from."""

    contract_weights: tuple[float, float, float] = (0.55, 0.21, 0.24)
    internet_weights: tuple[float, float, float] = (0.34, 0.44, 0.22)  # DSL, fiber, none
    short_tenure_months: float = 16.0  # mean tenure of month-to-month customers
    price_rise: float = 0.0  # added to every monthly bill


USUAL = Population()
DRIFTED = Population(
    contract_weights=(0.8, 0.12, 0.08),
    internet_weights=(0.15, 0.72, 0.13),
    short_tenure_months=7.0,
    price_rise=12.0,
)


def pick(
    rng: np.random.Generator, choices: list[str], weights: list[float], size: int
) -> np.ndarray:
    return rng.choice(
        np.array(choices, dtype=object), size=size, p=np.array(weights) / sum(weights)
    )


def make_customer_ids(rng: np.random.Generator, size: int) -> np.ndarray:
    """Distinct ids like 7590-VHVEG: four digits, a dash, five capital letters."""
    letters = np.array(list(string.ascii_uppercase))
    ids: list[str] = []
    seen: set[str] = set()
    while len(ids) < size:
        digits = rng.integers(0, 10_000, size)
        words = rng.choice(letters, size=(size, 5))
        for number, word in zip(digits, words, strict=True):
            candidate = f"{number:04d}-{''.join(word)}"
            if candidate not in seen and len(ids) < size:
                seen.add(candidate)
                ids.append(candidate)
    return np.array(ids, dtype=object)


def draw_tenure(
    rng: np.random.Generator, contract: np.ndarray, population: Population
) -> np.ndarray:
    """Months with the company; longer contracts go with longer tenure."""
    short = np.ceil(rng.exponential(population.short_tenure_months, contract.size))
    middle = rng.integers(1, 73, contract.size)
    long = 73 - np.ceil(rng.exponential(14, contract.size))
    tenure = np.select(
        [contract == "Month-to-month", contract == "One year"], [short, middle], long
    )
    tenure = np.clip(tenure, 1, 72).astype(int)
    blank_count = max(1, round(contract.size * BLANK_TOTAL_SHARE))
    first_month = rng.choice(contract.size, size=blank_count, replace=False)
    tenure[first_month] = 0
    return tenure


def draw_services(
    rng: np.random.Generator, size: int, population: Population
) -> dict[str, np.ndarray]:
    phone = pick(rng, ["Yes", "No"], [0.9, 0.1], size)
    lines = np.where(
        phone == "No", "No phone service", pick(rng, ["Yes", "No"], [0.47, 0.53], size)
    )
    internet = pick(rng, ["DSL", "Fiber optic", "No"], list(population.internet_weights), size)
    internet = np.where((phone == "No") & (internet == "No"), "DSL", internet)
    services = {"PhoneService": phone, "MultipleLines": lines, "InternetService": internet}
    for column in ADD_ON_COLUMNS:
        share = 0.45 if column.startswith("Streaming") else 0.35
        taken = pick(rng, ["Yes", "No"], [share, 1 - share], size)
        services[column] = np.where(internet == "No", "No internet service", taken)
    return services


def monthly_charges(
    rng: np.random.Generator, frame: pd.DataFrame, population: Population
) -> np.ndarray:
    base = np.where(frame["PhoneService"] == "Yes", 20.0, 0.0) + population.price_rise
    base += np.where(frame["MultipleLines"] == "Yes", 5.0, 0.0)
    base += frame["InternetService"].map({"DSL": 25.0, "Fiber optic": 50.0, "No": 0.0}).to_numpy()
    add_ons = sum((frame[column] == "Yes").to_numpy() for column in ADD_ON_COLUMNS)
    charges = base + 7.5 * add_ons + rng.normal(0, 2.5, len(frame))
    highest = 118.75 + population.price_rise
    return np.clip(np.round(charges * 20) / 20, 18.25, highest)  # billed in steps of 0.05


def format_total_charges(
    tenure: np.ndarray, monthly: np.ndarray, rng: np.random.Generator
) -> list[str]:
    """Text, like the real file: a single space before the first bill, else the amount."""
    totals = tenure * monthly * rng.normal(1.0, 0.04, tenure.size)
    totals = np.maximum(totals, monthly * np.minimum(tenure, 1))
    return [
        " " if months == 0 else f"{total:.2f}".rstrip("0").rstrip(".")
        for months, total in zip(tenure, totals, strict=True)
    ]


def main_effects(frame: pd.DataFrame) -> np.ndarray:
    contract = frame["Contract"].map({"Month-to-month": 0.9, "One year": -0.5, "Two year": -1.6})
    internet = frame["InternetService"].map({"Fiber optic": 0.4, "DSL": -0.1, "No": -0.7})
    tenure = frame["tenure"].to_numpy()
    effects = [
        contract.to_numpy(dtype=float),
        internet.to_numpy(dtype=float),
        0.4 * (frame["PaymentMethod"] == "Electronic check"),
        -0.7 * np.log1p(tenure) + 0.015 * tenure,
        0.01 * (frame["MonthlyCharges"].to_numpy() - 65),
        0.3 * ((frame["TechSupport"] == "No") & (frame["OnlineSecurity"] == "No")),
        -0.25 * (frame["Partner"] == "Yes") - 0.2 * (frame["Dependents"] == "Yes"),
        0.2 * frame["SeniorCitizen"].to_numpy(),
        0.2 * (frame["PaperlessBilling"] == "Yes"),
    ]
    return MAIN_SCALE * np.sum([np.asarray(effect, dtype=float) for effect in effects], axis=0)


def interaction_effects(frame: pd.DataFrame) -> np.ndarray:
    """Effects that only show together: what a tree model can find and a linear one cannot.

    Fiber customers leave as their bill grows while DSL customers paying more stay (they chose
    the extras); month-to-month customers who pass their first months settle in quickly.
    """
    monthly = frame["Contract"] == "Month-to-month"
    fiber = frame["InternetService"] == "Fiber optic"
    dsl = frame["InternetService"] == "DSL"
    charges = frame["MonthlyCharges"].to_numpy()
    unsupported = (frame["TechSupport"] == "No") & (frame["OnlineSecurity"] == "No")
    effects = [
        0.05 * (charges - 85) * fiber,
        -0.05 * (charges - 55) * dsl,
        -0.6 * np.log1p(frame["tenure"].to_numpy()) * monthly,
        1.0 * (monthly & fiber & unsupported),
    ]
    return INTERACTION_SCALE * np.sum([np.asarray(e, dtype=float) for e in effects], axis=0)


def intercept_for_rate(logit: np.ndarray, rate: float) -> float:
    """Bisection on the intercept so that the mean churn probability equals `rate`."""
    low, high = -20.0, 20.0
    for _ in range(60):
        middle = (low + high) / 2
        mean = float(np.mean(1 / (1 + np.exp(-(logit + middle)))))
        low, high = (middle, high) if mean < rate else (low, middle)
    return (low + high) / 2


def draw_churn(rng: np.random.Generator, frame: pd.DataFrame) -> np.ndarray:
    logit = (
        main_effects(frame) + interaction_effects(frame) + rng.normal(0, NOISE_SCALE, len(frame))
    )
    probability = 1 / (1 + np.exp(-(logit + intercept_for_rate(logit, CHURN_RATE))))
    churned = (rng.random(len(frame)) < probability) & (frame["tenure"].to_numpy() > 0)
    return np.where(churned, "Yes", "No")


def generate_customers(n_rows: int, seed: int, drifted: bool = False) -> pd.DataFrame:
    """`n_rows` customers in the IBM Telco schema and column order, reproducible from `seed`;
    drawn from the shifted population when `drifted`.
    """
    population = DRIFTED if drifted else USUAL
    rng = np.random.default_rng(seed)
    partner = pick(rng, ["Yes", "No"], [0.48, 0.52], n_rows)
    contract = pick(rng, CONTRACTS, list(population.contract_weights), n_rows)
    electronic_share = np.where(contract == "Month-to-month", 0.45, 0.15)
    other_method = pick(
        rng, [m for m in PAYMENT_METHODS if m != "Electronic check"], [1, 1, 1], n_rows
    )
    frame = pd.DataFrame(
        {
            ID_COLUMN: make_customer_ids(rng, n_rows),
            "gender": pick(rng, ["Female", "Male"], [0.5, 0.5], n_rows),
            "SeniorCitizen": (rng.random(n_rows) < 0.16).astype(int),
            "Partner": partner,
            "Dependents": np.where(
                rng.random(n_rows) < np.where(partner == "Yes", 0.5, 0.1), "Yes", "No"
            ),
            "tenure": draw_tenure(rng, contract, population),
            **draw_services(rng, n_rows, population),
            "Contract": contract,
            "PaperlessBilling": pick(rng, ["Yes", "No"], [0.59, 0.41], n_rows),
            "PaymentMethod": np.where(
                rng.random(n_rows) < electronic_share, "Electronic check", other_method
            ),
        }
    )
    frame["MonthlyCharges"] = monthly_charges(rng, frame, population)
    frame["TotalCharges"] = format_total_charges(
        frame["tenure"].to_numpy(), frame["MonthlyCharges"].to_numpy(), rng
    )
    frame["Churn"] = draw_churn(rng, frame)
    return frame[COLUMN_ORDER]
