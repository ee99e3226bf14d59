"""What the residents' dialogue publishes: answers to feedback, as a section
of each commitment's page; and what the staff roles may do with feedback
and subscriptions. Editors answer and reject (publishing an answer needs
publishing.publish); Publishers may also delete, e.g. on an erasure request, and
see subscribers' addresses."""

import hashlib

from django.db.models import Prefetch
from django.utils import timezone

from commitments import sections
from commitments.fragments import commitment_token
from core import fragments
from publishing import registry

from .models import Feedback

EDITING = frozenset({"dialogue.view_feedback", "dialogue.change_feedback", "dialogue.view_subscription"})
# Publishers act on requests to erase an address, so they see the addresses; Editors never do.
ERASING = frozenset({"dialogue.delete_feedback", "dialogue.delete_subscription", "dialogue.view_subscriber_email"})

registry.register_app("dialogue", roles=registry.Roles(editor=EDITING, publisher=EDITING | ERASING))
sections.add(
    sections.Section(
        "dialogue/includes/commitment_dialogue.html",
        prefetch=lambda: Prefetch("feedback", queryset=Feedback.objects.published(), to_attr="public_answers"),
        snapshot=lambda commitment: answers_snapshot(commitment),
    )
)

# An answer (published, changed or withdrawn) changes its commitment's page.
fragments.owners(Feedback)(lambda feedback: [commitment_token(feedback.commitment_id)])


def answers_snapshot(commitment):
    """The published answers as the commitment's page shows them, for its public
    versions: changing, moving or withdrawing one is a recorded change of the page.

    A version is kept for ever and is never changed, but a resident may have their
    message erased: so the record keeps the city's answer and the date, and of the
    resident's message (as published) only a SHA-256 digest, which still makes a
    change to it a new version. Left out while there are no answers, so the
    versions recorded before answers were part of the snapshot keep their fingerprint."""
    answers = [
        {
            "published_on": timezone.localdate(item.published_at).isoformat(),
            "answer": item.answer,
            "answer_language": item.answer_language,
            "message_sha256": hashlib.sha256(item.shown_message.encode()).hexdigest(),
        }
        for item in commitment.feedback.published()
    ]
    return {"answers": answers} if answers else {}
