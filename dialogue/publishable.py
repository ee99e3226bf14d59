"""What the residents' dialogue publishes: answers to feedback, as a section
of each commitment's page; and what the staff roles may do with feedback
and subscriptions. Editors answer and reject (publishing an answer needs
publishing.publish); Publishers may also delete, e.g. on an erasure request, and
see subscribers' addresses."""

from django.db.models import Prefetch

from commitments import sections
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
    )
)
