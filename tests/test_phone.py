"""A phone's first screen (375 x 667): every page shows what it is about without scrolling,
with no JavaScript needed (the menu and the filters are <details> disclosures on small screens)."""

import pytest

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 667}
# One of each kind of page a resident meets first.
PAGES = (
    "/",
    "/postepy/",
    "/zobowiazania/",
    "/zobowiazania/demo-001/",
    "/deklaracja/",
    "/wartosci/rownosc/",
    "/szukaj/?q=r%C3%B3wno%C5%9B%C4%87",
    "/gdzie-szukac-pomocy/",
)
# The pages whose header, menu, filters or tables this change touched.
AXE_CHECKED = {"/", "/postepy/", "/zobowiazania/", "/deklaracja/"}


def test_the_h1_is_on_the_first_screen_of_a_phone(site, browser):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    late, violations = [], []
    for language in ("", "/uk"):
        for path in PAGES:
            page.goto(site.url + language + path)
            top = page.evaluate("document.querySelector('h1').getBoundingClientRect().top")
            if top > PHONE["height"] - 40:  # the first line of the h1, not only its top edge
                late.append(f"{language}{path}: h1 at y={top:.0f}")
            if language == "" and path in AXE_CHECKED:
                violations += [f"{path}: {line}" for line in axe_violations(page)]
            if path == "/zobowiazania/":
                # The filters wait behind their disclosure; the first result follows the h1 closely.
                assert not page.evaluate("document.querySelector('.filters details').open")
                first = page.evaluate("document.querySelector('.commitment-item').getBoundingClientRect().top")
                assert first < 2 * PHONE["height"], f"{language}{path}: first result at y={first:.0f}"
            if path == "/postepy/":
                # A table wider than the screen scrolls inside its box, which shows a cue, its caption outside.
                for box in page.query_selector_all(".table-scroll"):
                    if box.evaluate("b => b.scrollWidth > b.clientWidth"):
                        assert box.evaluate("b => getComputedStyle(b).backgroundImage") != "none"
    context.close()
    assert not late, "\n".join(late)
    assert not violations, "\n".join(violations)
