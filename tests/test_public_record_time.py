"""The public record is what the public sees, at every moment (issue 13 §3,
and §1's first point for published answers).

Whatever changes what the public sees of a commitment — a milestone or an
update scheduled for later coming due, the progress derived from them, a
published answer changed or withdrawn — is a public version dated the moment
it became public. There is no background job: a save that schedules something
records the version ahead, computed as of that time, and it is listed nowhere
until then. These tests move "now" (``timezone.now``, which every "published
and due" check reads) through a scheduled sequence and compare, at each
moment, the public page, the API and the feeds with the latest listed version."""

import datetime
import io
import json
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from django.utils.formats import date_format

from bialystok_hrc.sitemaps import SITEMAPS
from commitments.models import Commitment
from publishing import versions
from publishing.models import PublicVersion

from . import factories
from .html import in_polish, soup, text_of

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
SECOND = datetime.timedelta(seconds=1)


class Clock:
    """``timezone.now`` frozen at a moment the test moves: from the next whole
    second (the admin takes times to the second), after everything loaded so far."""

    def __init__(self, monkeypatch):
        self.moment = timezone.now().replace(microsecond=0) + SECOND
        monkeypatch.setattr(timezone, "now", lambda: self.moment)

    def set(self, moment):
        self.moment = moment


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


def admin_time(moment):
    local = timezone.localtime(moment)
    return {"published_at_0": local.strftime("%Y-%m-%d"), "published_at_1": local.strftime("%H:%M:%S")}


def public_versions(commitment):
    return list(PublicVersion.objects.for_object(commitment).public().order_by("number"))


def refresh_progress():
    """What cron runs every few minutes; it may run at any moment, or not at all."""
    call_command("refresh_progress", stdout=io.StringIO())


def assert_public_record_is_what_the_public_sees(client, commitment, everywhere=True):
    """The latest listed version is the page as it is now: same fingerprint
    when the snapshot is computed again, same milestones, updates and progress
    on the page and in the API; and (``everywhere``) nothing later is listed
    on any public route."""
    commitment = Commitment.objects.get(pk=commitment.pk)
    listed = public_versions(commitment)
    latest = listed[-1]
    assert versions.fingerprint(commitment.publication_state, commitment.public_snapshot()) == latest.fingerprint
    snapshot = latest.snapshot

    page = soup(client.get(commitment.get_absolute_url()))
    milestones = [text_of(title) for title in page.select(".timeline__title strong")]
    assert milestones == [milestone["title"]["pl"] for milestone in snapshot["milestones"]]
    updates = [text_of(heading).split(": ", 1)[1] for heading in page.select("article.update h3")]
    assert updates == [update["title"]["pl"] for update in snapshot["updates"]]
    assert text_of(page.select_one(".commitment__facts .progress strong")) == f"{snapshot['progress']}%"
    assert f"({len(listed)})" in text_of(page.select_one("article.commitment header"))

    api = client.get(f"/api/v1/commitments/{commitment.reference}")
    if commitment.is_withdrawn:
        assert api.status_code == 404  # the API lists published commitments only
    else:
        assert api.json()["progress"] == snapshot["progress"]
        assert [milestone["title"]["text"] for milestone in api.json()["milestones"]] == milestones
        current = api.json()["current_version"]
        assert (current["number"], current["fingerprint"]) == (latest.number, latest.fingerprint)

    if not everywhere:
        return latest
    # A version recorded ahead is nowhere until its time: history, version and
    # diff pages, citations, the API, the feeds, the sitemap.
    history = soup(client.get(f"/wersje/zobowiazanie/{commitment.reference}/"))
    assert len(history.select("ol.history > li")) == len(listed)
    api_versions = client.get(f"/api/v1/commitments/{commitment.reference}/versions").json()
    assert [version["number"] for version in api_versions] == [version.number for version in listed]
    following = f"/wersje/zobowiazanie/{commitment.reference}/{latest.number + 1}/"
    for path in (following, f"{following}zmiany/", f"{following}cytowanie.bib", f"{following}cytowanie.json"):
        assert client.get(path).status_code == 404, path
    assert client.get(f"/api/v1/commitments/{commitment.reference}/versions/{latest.number + 1}").status_code == 404
    version_links = re.compile(rf"/wersje/zobowiazanie/{commitment.reference}/(\d+)/")
    majors = {version.number for version in listed if version.is_major}
    for feed in (f"/zobowiazania/{commitment.slug}/kanal.xml", "/kanal.xml"):
        linked = {int(number) for number in version_links.findall(client.get(feed).content.decode())}
        assert linked == majors, feed
    # The sitemap's sections of versions (sitemap.xml renders them; the whole file is slow to build each time).
    for section in ("versions", "version-changes"):
        listed_there = {version.number for version in SITEMAPS[section]().items() if version.object_id == commitment.pk}
        assert max(listed_there, default=0) <= latest.number, section
    return latest


@pytest.mark.both_databases
def test_a_scheduled_milestone_and_update_are_recorded_for_the_moment_they_become_public(publisher, client, clock):
    start = clock.moment
    commitment = factories.commitment(slug="harmonogram", status=factories.status("planned"))
    versions.record(commitment)
    # The Publisher schedules a milestone (done, so the progress moves) for tomorrow…
    milestone = publisher.post(
        "/admin/commitments/milestone/add/",
        {
            "commitment": str(commitment.pk),
            "title_pl": "Umowa podpisana",
            "due_on": "2025-06-01",
            "done": "on",
            "done_on": "2025-06-01",
            "publication_state": "published",
            **admin_time(start + DAY),
            "change_kind": "major",
            "change_note_pl": "Podpisano umowę.",
        },
        follow=True,
    )
    # The Publisher is told which version this makes, and from when it is public.
    message = text_of(soup(milestone).select_one(".messagelist"))
    when = date_format(timezone.localtime(start + DAY), "DATETIME_FORMAT")
    assert f"{commitment.reference} v2 ({in_polish('public from %(time)s', time=when)})" in message
    # …and a progress update for the day after.
    update = publisher.post(
        "/admin/commitments/progressupdate/add/",
        {
            "commitment": str(commitment.pk),
            "date": "2025-06-02",
            "title_pl": "Punkt otwarty",
            "body_pl": "Punkt porad działa od poniedziałku.",
            "publication_state": "published",
            **admin_time(start + 2 * DAY),
            "change_kind": "minor",
        },
    )
    assert update.status_code == 302
    refresh_progress()

    first = assert_public_record_is_what_the_public_sees(client, commitment)
    assert first.number == 1 and first.snapshot["milestones"] == [] and first.snapshot["progress"] == 0
    seen = {1: first}
    for moment in (start + DAY - SECOND, start + DAY, start + 2 * DAY - SECOND, start + 2 * DAY, start + 3 * DAY):
        clock.set(moment)
        assert_public_record_is_what_the_public_sees(client, commitment)
        refresh_progress()  # cron, whenever it runs, finds the record already right
        latest = assert_public_record_is_what_the_public_sees(client, commitment, everywhere=False)
        seen[latest.number] = latest
        commitment.refresh_from_db()
        assert commitment.progress == latest.snapshot["progress"]  # lists (stored progress) agree once cron ran

    # One version per moment something became public, dated that moment.
    assert sorted(seen) == [1, 2, 3]
    assert seen[2].published_at == start + DAY and seen[3].published_at == start + 2 * DAY
    assert seen[2].snapshot["progress"] == 100 and seen[2].is_major
    assert seen[2].change_note_pl == "Podpisano umowę." and seen[2].created_by.username == "publikujaca"
    assert [update["title"]["pl"] for update in seen[3].snapshot["updates"]] == ["Punkt otwarty"]
    assert not seen[3].is_major
    assert PublicVersion.objects.for_object(commitment).count() == 3


def test_a_correction_today_is_in_the_versions_recorded_ahead(publisher, client, clock):
    start = clock.moment
    commitment = factories.commitment(slug="poprawka")
    versions.record(commitment)
    scheduled = factories.milestone(commitment, title_pl="Jutro", published_at=start + DAY)
    versions.record(commitment, note={"pl": "Kamień milowy."})
    assert [v.published_at for v in PublicVersion.objects.for_object(commitment).order_by("number")] == [
        commitment.published_at,
        start + DAY,
    ]

    clock.set(start + datetime.timedelta(hours=1))
    commitment.title_pl = "Poprawiony tytuł"
    commitment.save()
    versions.record(commitment, major=False)
    record = list(PublicVersion.objects.for_object(commitment).order_by("number"))
    assert [(v.number, v.published_at) for v in record] == [
        (1, commitment.published_at),
        (2, start + datetime.timedelta(hours=1)),
        (3, start + DAY),
    ]
    # The version ahead was recorded again from today's content, keeping its own note.
    assert record[2].snapshot["title"]["pl"] == "Poprawiony tytuł"
    assert record[2].snapshot["milestones"][0]["title"]["pl"] == scheduled.title_pl
    assert record[2].change_note_pl == "Kamień milowy." and record[1].change_note_pl == ""
    assert_public_record_is_what_the_public_sees(client, commitment)
    clock.set(start + DAY)
    assert_public_record_is_what_the_public_sees(client, commitment)


def test_a_withdrawal_before_a_scheduled_milestone_is_due_is_in_every_later_version(client, clock):
    start = clock.moment
    commitment = factories.commitment(slug="wycofane")
    versions.record(commitment)
    factories.milestone(commitment, published_at=start + DAY)
    versions.record(commitment)
    clock.set(start + datetime.timedelta(hours=2))
    commitment.publication_state = "withdrawn"
    commitment.save()
    versions.record(commitment, note={"pl": "Wycofane."})
    clock.set(start + DAY)
    latest = assert_public_record_is_what_the_public_sees(client, commitment)
    assert latest.number == 3 and latest.state == "withdrawn" and len(latest.snapshot["milestones"]) == 1


def test_refresh_progress_records_the_progress_it_changes(client, clock):
    """A milestone published outside the admin (a script, a bulk update) records
    nothing ahead; the command that moves the stored progress records it."""
    commitment = factories.commitment(slug="postep", status=factories.status("planned"))
    first = versions.record(commitment)
    factories.milestone(commitment, done=True, done_on=datetime.date(2025, 1, 1), published_at=clock.moment + DAY)
    Commitment.objects.filter(pk=commitment.pk).update(progress=0)  # as before the milestone's own save
    clock.set(clock.moment + 2 * DAY)
    refresh_progress()
    latest = assert_public_record_is_what_the_public_sees(client, commitment)
    assert latest.number == first.number + 1 and latest.snapshot["progress"] == 100
    assert latest.published_at == clock.moment and not latest.is_major


def feedback_form(feedback, **changes):
    data = {
        "state": feedback.state,
        "commitment": str(feedback.commitment_id or ""),
        "answer": feedback.answer,
        "answer_language": feedback.answer_language,
        "public_message": feedback.public_message,
        "internal_note": feedback.internal_note,
    }
    return {**data, **changes}


def test_a_change_to_a_published_answer_is_a_dated_version_in_the_history(publisher, client, clock):
    commitment = factories.commitment(slug="odpowiedzi")
    other = factories.commitment(slug="inne")
    answer = factories.feedback(commitment, state="published", published_at=clock.moment, answer="Pierwsza odpowiedź.")
    v1 = versions.record(commitment)
    versions.record(other)
    assert v1.snapshot["answers"][0]["answer"] == "Pierwsza odpowiedź."
    assert "answers" not in versions.versions_of(other).get().snapshot
    change = f"/admin/dialogue/feedback/{answer.pk}/change/"

    clock.set(clock.moment + DAY)
    response = publisher.post(change, feedback_form(answer, answer="Poprawiona odpowiedź."))
    assert response.status_code == 302
    v2 = assert_public_record_is_what_the_public_sees(client, commitment)
    assert v2.number == 2 and v2.published_at == clock.moment and v2.created_by.username == "publikujaca"
    assert v2.snapshot["answers"][0]["answer"] == "Poprawiona odpowiedź."
    history = text_of(soup(client.get(f"/en/wersje/zobowiazanie/{commitment.reference}/")).main)
    assert "Version 2 of 2" in history and "Published answers to residents' feedback changed." in history
    assert timezone.localtime(clock.moment).strftime("%H:%M") in history
    diff = soup(client.get(f"/en/wersje/zobowiazanie/{commitment.reference}/2/zmiany/"))
    assert "Poprawiona" in " ".join(text_of(ins) for ins in diff.select('section[aria-labelledby="diff-pl"] ins'))
    version_page = text_of(soup(client.get(f"/wersje/zobowiazanie/{commitment.reference}/2/")).main)
    assert "Poprawiona odpowiedź." in version_page

    # Moved to another commitment: both pages changed, both get a version.
    clock.set(clock.moment + DAY)
    answer.refresh_from_db()
    assert publisher.post(change, feedback_form(answer, commitment=str(other.pk))).status_code == 302
    v3 = assert_public_record_is_what_the_public_sees(client, commitment)
    assert v3.number == 3 and "answers" not in v3.snapshot
    moved = assert_public_record_is_what_the_public_sees(client, other)
    assert moved.number == 2 and moved.snapshot["answers"][0]["answer"] == "Poprawiona odpowiedź."

    # Taken down (rejected), then deleted on an erasure request: each is recorded.
    clock.set(clock.moment + DAY)
    answer.refresh_from_db()
    assert publisher.post(change, feedback_form(answer, state="rejected")).status_code == 302
    assert "answers" not in assert_public_record_is_what_the_public_sees(client, other).snapshot
    assert versions.versions_of(other).count() == 3
    second = factories.feedback(other, state="published", published_at=clock.moment)
    versions.record(other)
    clock.set(clock.moment + DAY)
    delete = publisher.post(f"/admin/dialogue/feedback/{second.pk}/delete/", {"post": "yes"})
    assert delete.status_code == 302
    latest = assert_public_record_is_what_the_public_sees(client, other)
    assert latest.number == 5 and "answers" not in latest.snapshot
    # A resident's message may be erased: the record, kept for ever, never held its text.
    for version in PublicVersion.objects.filter(kind="zobowiazanie", key__in=[commitment.reference, other.reference]):
        assert "Opinia mieszkanki." not in json.dumps(version.snapshot, ensure_ascii=False)


def test_other_versioned_items_record_their_scheduled_rows_ahead(client, clock):
    """The framework element's evidence and the declaration's paragraphs."""
    from commitments.models import Element
    from declaration.models import Declaration, Paragraph

    start = clock.moment
    element = Element.objects.published().get(code="S1")
    element.evidence.add(factories.document(title_pl="Dowód na jutro", published_at=start + DAY))
    declaration = Declaration.objects.current()
    Paragraph.objects.create(
        declaration=declaration,
        number=99,
        text_pl="Akapit na jutro.",
        publication_state="published",
        published_at=start + DAY,
    )
    for item in (element, declaration):
        versions.record(item)
    for moment in (start, start + DAY - SECOND, start + DAY):
        clock.set(moment)
        for item in (element, declaration):
            item = type(item).objects.get(pk=item.pk)
            latest = public_versions(item)[-1]
            assert versions.fingerprint(item.publication_state, item.public_snapshot()) == latest.fingerprint
            assert (latest.published_at == start + DAY) == (moment >= start + DAY)
