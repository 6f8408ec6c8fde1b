"""The demo page of a served project, driven in Debian's Chromium through Playwright: every form
filled (one field changed), sent, and its drawn answer read back, to compare with what the API
answers to the same request. Never `playwright install`: the browser is the system's.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tests.slow_support import call

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--headless", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


@dataclass
class Visit:
    """What one page visit saw: every URL requested, console errors, and each demo's answer."""

    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    answers: list[dict[str, Any]] = field(default_factory=list)
    screenshots: list[Path] = field(default_factory=list)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def read_answer(page: Any, renderer: str) -> dict[str, Any]:
    """The answer as the page drew it: the numbers it shows (their exact values) and the texts."""
    answer = page.locator("#answer")

    def values(role: str) -> list[str]:
        return [str(value) for value in answer.locator(f'[data-role="{role}"]').evaluate_all(
            "nodes => nodes.map(node => node.dataset.value ?? node.textContent)"
        )]  # fmt: skip

    def texts(role: str) -> list[str]:
        return answer.locator(f'[data-role="{role}"]').all_inner_texts()

    if renderer == "probability":
        return {"probability": values("probability"), "decision": texts("decision"),
                "reasons": [node.get_attribute("data-feature") for node in answer.locator('[data-role="reason"]').all()]}  # fmt: skip
    if renderer == "ranking":
        return {"titles": texts("title"), "scores": values("score"), "flag": texts("flag"), "empty": texts("empty")}
    return {"value": values("value")}


def expected_answer(renderer: str, roles: Mapping[str, str], api: dict[str, Any]) -> dict[str, Any]:
    """What the page must show for the API's answer `api`, by the demo's roles."""
    if renderer == "probability":
        decision = api.get(roles.get("decision", ""), None)
        positive = decision is True or decision == "Yes"
        reasons = [reason["feature"] for reason in api.get(roles.get("reasons", ""), [])]
        return {"probability": [str(api[roles["probability"]])],
                "decision": [roles.get("positive" if positive else "negative", "Yes" if positive else "No")],
                "reasons": reasons}  # fmt: skip
    if renderer == "ranking":
        items = api[roles["items"]]
        flag = [roles.get("flag_text", "")] if roles.get("flag") and api.get(roles["flag"]) else []
        empty = [] if items else [api.get(roles.get("empty", ""), None) or "No items to show."]
        return {"titles": [item[roles.get("title", "title")] for item in items],
                "scores": [str(item[roles.get("score", "score")]) for item in items], "flag": flag, "empty": empty}  # fmt: skip
    return {"value": [str(api[roles["value"]])]}


def same_numbers(shown: list[str], expected: list[str]) -> bool:
    return len(shown) == len(expected) and all(float(a) == float(b) for a, b in zip(shown, expected, strict=True))


def fill(page: Any, name: str, value: str) -> None:
    target = page.locator(f'#fields [data-field="{name}"]')
    if target.evaluate("node => node.tagName") == "SELECT":
        target.select_option(value)
    else:
        target.fill(value)


def visit_demo_page(base: str, edits: list[Mapping[str, str]], screenshots: Path, name: str) -> Visit:
    """Open `/`, and for each demo in turn (its tab), apply its `edits` (field -> text typed),
    send, read the drawn answer and the request the page sent, and keep a screenshot.
    """
    from playwright.sync_api import sync_playwright

    visit = Visit()
    screenshots.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("request", lambda request: visit.requests.append(request.url))
            page.on("console", lambda message: message.type == "error" and visit.errors.append(message.text))
            page.on("pageerror", lambda error: visit.errors.append(str(error)))
            page.goto(f"{base}/")
            declared = json.loads(call(f"{base}/demo/demos.json")[1])["demos"]
            assert len(declared) == len(edits), f"{len(declared)} demos on the page, {len(edits)} edits given"
            tabs = page.locator("#tabs button")
            for index, (demo, changes) in enumerate(zip(declared, edits, strict=True)):
                if index:
                    tabs.nth(index).click()
                page.wait_for_selector('#answer[data-state="done"]')  # the example, answered on opening
                for field_name, value in changes.items():
                    fill(page, field_name, value)
                with page.expect_request(lambda request: urlsplit(request.url).path != "/") as sent:
                    page.click("#submit")
                page.wait_for_selector('#answer[data-state="done"]')
                request = sent.value
                body = request.post_data_json if request.method == "POST" else None
                status, text = call(request.url, body)
                assert status == 200, text
                api = json.loads(text)
                visit.answers.append({
                    "demo": demo["title"], "request": body, "url": request.url, "api": api,
                    "shown": read_answer(page, demo["renderer"]),
                    "expected": expected_answer(demo["renderer"], demo["answer"], api),
                })  # fmt: skip
                path = screenshots / f"{name}-{index + 1}-{slug(demo['title'])}.png"
                page.screenshot(path=str(path), full_page=True)
                visit.screenshots.append(path)
        finally:
            browser.close()
    return visit
