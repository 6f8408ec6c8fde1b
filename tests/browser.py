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


def read_answer(page: Any, renderer: str) -> dict[str, list[str]]:
    """The answer as the page drew it, by role: each number's exact value, each text as shown."""
    answer = page.locator("#answer")

    def shown(role: str, attribute: str | None = None) -> list[str]:
        nodes = answer.locator(f'[data-role="{role}"]')
        if attribute is None:
            return [str(text) for text in nodes.all_inner_texts()]
        return [str(node.get_attribute(attribute)) for node in nodes.all()]

    if renderer == "probability":
        return {
            "probability": shown("probability", "data-value"),
            "decision": shown("decision"),
            "reasons": shown("reason", "data-feature"),
        }
    if renderer == "ranking":
        return {
            "titles": shown("title"),
            "scores": shown("score", "data-value"),
            "flag": shown("flag"),
            "empty": shown("empty"),
            "matched": shown("matched"),
            "missing": shown("missing"),
            "notice": shown("notice"),
        }
    if renderer == "classes":
        return {
            "labels": shown("label"),
            "probabilities": shown("probability", "data-value"),
            "version": shown("version"),
        }
    return {"value": shown("value", "data-value")}


def expected_answer(renderer: str, roles: Mapping[str, str], api: dict[str, Any]) -> dict[str, list[str]]:
    """What the page must show for the API's answer `api`, read through the demo's roles."""
    if renderer == "probability":
        decision = api.get(roles.get("decision", ""))
        side = "positive" if decision is True or decision == "Yes" else "negative"
        return {
            "probability": [str(api[roles["probability"]])],
            "decision": [roles.get(side, "Yes" if side == "positive" else "No")],
            "reasons": [reason["feature"] for reason in api.get(roles.get("reasons", ""), [])],
        }
    if renderer == "ranking":
        items = api[roles["items"]]
        flagged = roles.get("flag") and api.get(roles["flag"])
        return {
            "titles": [item[roles.get("title", "title")] for item in items],
            "scores": [str(item[roles.get("score", "score")]) for item in items],
            "flag": [roles.get("flag_text", "")] if flagged else [],
            "empty": [] if items else [api.get(roles.get("empty", "")) or "No items to show."],
            "matched": [_skill_name(skill) for item in items for skill in item.get(roles.get("matched", ""), [])],
            "missing": [_skill_name(skill) for item in items for skill in item.get(roles.get("missing", ""), [])],
            "notice": [api[roles["notice"]]] if roles.get("notice") and api.get(roles["notice"]) else [],
        }
    if renderer == "classes":
        items = api[roles["items"]]
        return {
            "labels": [str(item[roles.get("label", "label")]) for item in items],
            "probabilities": [str(item[roles.get("probability", "probability")]) for item in items],
            "version": [str(api[roles["version"]])] if roles.get("version") else [],
        }
    return {"value": [str(api[roles["value"]])]}


def _skill_name(skill: Any) -> str:
    """A skill as its chip reads: a matched one is a record with its name, a missing one a name."""
    return str(skill["skill"]) if isinstance(skill, dict) else str(skill)


# Shown as JavaScript prints a number: compared as numbers.
NUMBERS = {"probability", "probabilities", "scores", "value"}


def same_answer(shown: Mapping[str, list[str]], expected: Mapping[str, list[str]]) -> bool:
    if shown.keys() != expected.keys():
        return False
    for role, values in expected.items():
        if role in NUMBERS:
            pairs = zip(shown[role], values, strict=False)
            if len(shown[role]) != len(values) or any(float(a) != float(b) for a, b in pairs):
                return False
        elif shown[role] != values:
            return False
    return True


def fill(page: Any, name: str, value: str, root: Path) -> Path | None:
    """Type `value` into the field, or choose it in a list; for a file field, choose the first file under `root`
    that the pattern `value` names, and return it."""
    target = page.locator(f'#fields [data-field="{name}"]')
    if target.evaluate("node => node.tagName") == "SELECT":
        target.select_option(value)
    elif target.get_attribute("type") == "file":
        chosen = sorted(root.glob(value))[0]
        target.set_input_files(str(chosen))
        return chosen
    else:
        target.fill(value)
    return None


def replay(request: Any, chosen: Mapping[str, Path]) -> tuple[int, str, Any, list[str] | None]:
    """Send the page's request again, straight to the API: its status and text, the JSON body it carried, and the
    names of the files it uploaded (None when it uploaded none). Chromium does not show an upload's body, so an
    upload is sent again from the files chosen in the form (field -> file)."""
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        status, text = call(request.url, files={name: [path] for name, path in chosen.items()})
        return status, text, None, [path.name for path in chosen.values()]
    body = request.post_data_json if request.method == "POST" else None
    return (*call(request.url, body), body, None)


def visit_demo_page(base: str, edits: list[Mapping[str, str]], screenshots: Path, name: str, root: Path) -> Visit:
    """Open `/`, and for each demo in turn (its tab), apply its `edits` (field -> text typed, or files under
    `root` chosen), send, read the drawn answer and the request the page sent, and keep a screenshot.
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
                chosen = {}
                for field_name, value in changes.items():
                    if (path := fill(page, field_name, value, root)) is not None:
                        chosen[field_name] = path
                with page.expect_request(lambda request: urlsplit(request.url).path != "/") as sent:
                    page.click("#submit")
                page.wait_for_selector('#answer[data-state="done"]')
                status, text, body, files = replay(sent.value, chosen)
                assert status == 200, text
                api = json.loads(text)
                visit.answers.append({
                    "demo": demo["title"], "request": body, "files": files, "url": sent.value.url, "api": api,
                    "shown": read_answer(page, demo["renderer"]),
                    "expected": expected_answer(demo["renderer"], demo["answer"], api),
                })  # fmt: skip
                path = screenshots / f"{name}-{index + 1}-{slug(demo['title'])}.png"
                page.evaluate("window.scrollTo(0, 0)")  # the answer panel sticks to the top
                page.screenshot(path=str(path), full_page=True)
                visit.screenshots.append(path)
        finally:
            browser.close()
    return visit
