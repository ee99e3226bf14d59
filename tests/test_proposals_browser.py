"""Issue 14's journey in the real admin, in Chromium, counting the Editor's actions: a whole
commitment (a milestone, an update, a PDF, an indicator with two values, Ukrainian text) in one
pass; the Publisher publishes it from the review queue; the Editor keeps it current with a
proposed change that the public does not see until the Publisher approves it."""

import os
from pathlib import Path

import pytest

from .conftest import log_in

pytestmark = pytest.mark.browser

# The bar for the Editor's first pass (it took 41 actions before).
FIRST_PASS_LIMIT = 30
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


class Counted:
    """A page whose fills, clicks, selections and uploads are counted (navigation by a link is a click)."""

    def __init__(self, page):
        self.page, self.actions = page, 0

    def fill(self, selector, text):
        self.actions += 1
        self.page.fill(selector, text)

    def click(self, selector):
        self.actions += 1
        self.page.click(selector)

    def select(self, selector, **option):
        self.actions += 1
        self.page.select_option(selector, **option)

    def upload(self, selector, file):
        self.actions += 1
        self.page.set_input_files(selector, file)

    def save(self, selector="input[name=_save]"):
        self.actions += 1
        with self.page.expect_navigation():
            self.page.click(selector)


def shoot(page, name):
    """With PROPOSALS_SHOTS set to a folder, a full-page screenshot for the issue's closing note."""
    folder = os.environ.get("PROPOSALS_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def text(page, path):
    page.goto(path, wait_until="domcontentloaded")  # the text is all it reads
    return page.locator("main").inner_text()


def test_editor_and_publisher_keep_a_commitment_current_in_the_real_admin(site, browser, django_user_model):
    from django.contrib.auth.models import Group

    from commitments.models import Commitment
    from publishing.models import PublicVersion
    from publishing.roles import EDITOR, PUBLISHER

    for name, role in (("redaktor", EDITOR), ("publikujaca", PUBLISHER)):
        user = django_user_model.objects.create_user(name, f"{name}@example.org", "a-long-test-password")
        user.is_staff = True
        user.save()
        user.groups.add(Group.objects.get(name=role))

    # The Editor's first pass, counted from the admin's home page.
    editor = browser.new_context(viewport={"width": 1280, "height": 900})
    page = editor.new_page()
    log_in(page, site.url, "redaktor")
    page.goto(site.url + "/admin/")
    act = Counted(page)
    act.click("a[href$='/admin/commitments/commitment/add/']")
    act.fill("#id_title_pl", "Rzecznik praw mieszkańców")
    act.fill("#id_summary_pl", "Miasto powoła lokalnego rzecznika praw.")
    act.select("#id_level", label="2. Struktury, mechanizmy i procedury")
    act.select("#id_status", label="W realizacji")
    act.click("#milestones-group .add-row a")
    act.fill("#id_milestones-0-title_pl", "Uchwała o powołaniu")
    act.fill("#id_milestones-0-due_on", "2026-03-01")
    act.click("#updates-group .add-row a")
    act.fill("#id_updates-0-title_pl", "Rada przyjęła uchwałę")
    act.fill("#id_updates-0-body_pl", "Uchwała została przyjęta jednogłośnie.")
    act.click("#documents-group .add-row a")
    act.fill("#id_documents-0-title_pl", "Uchwała nr 1/2026")
    act.select("#id_documents-0-kind", value="resolution")
    act.upload("#id_documents-0-file", {"name": "uchwala.pdf", "mimeType": "application/pdf", "buffer": PDF})
    act.click("#indicators-group .add-row a")
    act.fill("#id_indicators-0-name_pl", "Sprawy rzecznika")
    act.fill("#id_indicators-0-unit_pl", "sprawy")
    act.fill("#id_indicators-0-baseline_value", "0")
    act.fill("#id_indicators-0-baseline_date", "2025-12-31")
    act.select("#id_indicators-0-direction", value="increase")
    act.fill("#id_indicators-0-source", "Biuro rzecznika")
    act.fill("#id_indicators-0-data_points_text", "2026: 250,5\n2027: 300")
    # Ukrainian: the header's language switch turns every tab on the page to Ukrainian.
    act.select("#content h1 select", label="uk")
    act.fill("#id_title_uk", "Омбудсмен прав мешканців")
    act.fill("#id_summary_uk", "Місто призначить місцевого омбудсмена.")
    act.select("#id_publication_state", value="in_review")
    act.save()
    messages = page.locator(".messagelist").inner_text()
    first_pass = act.actions
    assert first_pass <= FIRST_PASS_LIMIT, first_pass
    commitment = Commitment.objects.get(slug="rzecznik-praw-mieszkancow")
    assert commitment.publication_state == "in_review", messages
    assert "przegl" in messages  # "…przekazano do przeglądu…"
    print(f"The Editor's first pass: {first_pass} actions")  # quoted in the report

    # The Publisher finds it in the review queue and publishes it: three actions.
    publisher = browser.new_context(viewport={"width": 1280, "height": 900})
    desk = publisher.new_page()
    log_in(desk, site.url, "publikujaca")
    desk.goto(site.url + "/admin/")
    with desk.expect_navigation():
        desk.click("#review-queue-items td:first-child a:has-text('Rzecznik praw mieszkańców')")
    desk.select_option("#id_publication_state", "published")
    with desk.expect_navigation():
        desk.click("input[name=_save]")
    assert "v1" in desk.locator(".messagelist").inner_text()

    visitor = browser.new_context()
    public = visitor.new_page()
    path = "/zobowiazania/rzecznik-praw-mieszkancow/"
    for prefix in ("", "/uk"):
        shown = text(public, site.url + prefix + path)
        for row in ("Uchwała o powołaniu", "Rada przyjęła uchwałę", "Uchwała nr 1/2026", "Sprawy rzecznika", "250,5"):
            assert row in shown, (prefix, row)
    assert "Омбудсмен прав мешканців" in text(public, site.url + "/uk" + path)
    v1_page = text(public, site.url + path)

    # The Editor keeps it current: a progress update and a new milestone, proposed.
    page.goto(site.url + f"/admin/commitments/commitment/{commitment.pk}/change/")
    assert "po zatwierdzeniu" in page.locator(".messagelist").inner_text()
    page.click("#updates-group .add-row a")
    page.fill("#id_updates-1-title_pl", "Wybrano rzecznika")
    page.fill("#id_updates-1-body_pl", "Rada wybrała rzecznika.")
    page.click("#milestones-group .add-row a")
    page.fill("#id_milestones-1-title_pl", "Pierwsze sprawozdanie")
    page.fill("#id_milestones-1-due_on", "2027-03-01")
    with page.expect_navigation():
        page.click("input[name=_save]")
    assert "zaproponowane" in page.locator(".messagelist").inner_text()
    assert text(public, site.url + path) == v1_page  # the public sees the published version

    # The Publisher approves it from the queue, with a note: version 2.
    desk.goto(site.url + "/admin/")
    shoot(desk, "1-review-queue")
    with desk.expect_navigation():
        desk.click("#review-queue-items td:first-child a:has-text('Rzecznik praw mieszkańców')")
    diff = desk.locator("#content-main").inner_text()
    desk.fill("#id_change_note_pl", "Wybór rzecznika i plan sprawozdania.")
    shoot(desk, "2-proposal-diff")
    assert "Wybrano rzecznika" in diff and "Pierwsze sprawozdanie" in diff
    with desk.expect_navigation():
        desk.click("input[name=_approve]")
    v1, v2 = PublicVersion.objects.for_object(commitment).order_by("number")
    assert v2.change_note_pl == "Wybór rzecznika i plan sprawozdania."
    now_shown = text(public, site.url + path)
    assert "Wybrano rzecznika" in now_shown and "Pierwsze sprawozdanie" in now_shown
    second = text(public, site.url + v2.get_absolute_url())
    assert "Wybrano rzecznika" in second and "Pierwsze sprawozdanie" in second
    first = text(public, site.url + v1.get_absolute_url())
    assert "Wybrano rzecznika" not in first and "Uchwała o powołaniu" in first
    if os.environ.get("PROPOSALS_SHOTS"):
        from publishing.models import AuditEntry

        approval = AuditEntry.objects.get(action="approved", object_id=commitment.pk)
        desk.goto(site.url + f"/admin/commitments/commitment/{commitment.pk}/history/")
        shoot(desk, "3-history-with-approval")
        desk.goto(site.url + f"/admin/publishing/auditentry/{approval.pk}/change/")
        shoot(desk, "4-approval-audit-entry")
    for context in (editor, publisher, visitor):
        context.close()
