"""Help text for every field staff see in the admin, saying what the public sees.

A field's own ``help_text`` (on the model, or on a form) comes first; this adds
one where there is none. Kept here rather than on each model field because a
model's help text is part of its migrations: a sentence reworded for staff would
be a schema migration in every app. A test walks every admin form and inline on
the site and fails on a field without help (tests/test_staff_forms.py).

Lookups are by the field's name without its language suffix (``title_uk`` →
``title``), first for the model (``"commitments.Commitment"``), then for any model.
"""

from django.utils.translation import gettext_lazy as _

PUBLIC_STATE = _(
    "Draft and In review: seen by staff only. Published: public from the publication time. "
    "Withdrawn: stays public with a notice and the reason."
)

ANY_MODEL = {
    "publication_state": PUBLIC_STATE,
    "title": _("The public heading of this item."),
    "name": _("The name the public sees."),
    "description": _("Public text, shown with the item."),
    "slug": _("Part of the public address, made from the Polish title: letters, digits and hyphens."),
    "order": _("Place in public lists: lower numbers come first."),
    "source": _("Shown to the public as the source."),
    "commitment": _("The commitment on whose public page this is shown."),
    "date": _("The date shown to the public."),
    "values": _("The declaration's values this serves; the public sees it on each value's page."),
    "phone": _("Shown to the public."),
    "email": _("Shown to the public."),
    "change_note": _("Public: why this version differs from the previous one, or why the item is withdrawn."),
}

BY_MODEL = {
    "declaration.Declaration": {
        "title": _("The declaration's title as signed."),
        "signed_on": _("The date of signing, shown and cited."),
        "place": _("Where it was signed, shown under the title."),
        "signatory_title": _("Who signed it (office), shown under the title."),
    },
    "declaration.Paragraph": {"declaration": _("The declaration this paragraph belongs to.")},
    "commitments.Level": {
        "number": _("1, 2 or 3: the level's number in public addresses (/poziomy/2/)."),
        "fra_part": _("The part of the FRA framework this level corresponds to."),
    },
    "commitments.Element": {
        "level": _("The level on whose page the element is listed."),
        "source_url": _("A public link to the source."),
        "status": _("Shown to the public; the level's status is derived from its elements."),
        "reached_on": _("Shown to the public; only for a reached element."),
        "evidence": _("Documents shown to the public as evidence."),
        "public_note": _("A note shown to the public under the element."),
    },
    "commitments.Unit": {"name": _("The unit's name as the public sees it on commitments.")},
    "commitments.Status": {"name": _("The status as the public sees it on commitments.")},
    "commitments.Commitment": {
        "title": _("The public title: short, says what the city will do."),
        "level": _("The framework level under which the public finds this commitment."),
        "element": _("Optional: the element of the chosen level this commitment serves (shown publicly)."),
        "unit": _(
            "Shown to the public as responsible. A missing unit is added by a Publisher under Responsible units."
        ),
        "partners": _("Public: who else takes part, in a sentence."),
        "start_date": _("Shown to the public."),
        "target_date": _("Shown to the public; after it, an unfinished commitment is shown as overdue."),
        "status": _("Shown to the public with its meaning."),
        "progress_mode": _("Computed from milestones, or set by hand with a public reason."),
        "manual_progress": _("Only when the progress is set by hand: 0–100."),
        "last_reviewed_on": _(
            "Shown to the public. Left empty, the public page says “Last reviewed: never” and marks "
            "the commitment “Never reviewed”."
        ),
        "next_review_due": _("Shown to the public when given: when the commitment is to be checked again."),
    },
    "commitments.Milestone": {
        "title": _("A step the public sees in the commitment's milestones."),
        "due_on": _("Shown to the public."),
        "done": _("Done milestones count towards the commitment's progress."),
        "done_on": _("Required when done; shown to the public."),
    },
    "commitments.ProgressUpdate": {
        "title": _("The heading of the update on the commitment's page."),
        "documents": _("Documents linked under the update."),
    },
    "commitments.Document": {
        "title": _("The document's title as the public sees it."),
        "kind": _("Shown to the public."),
        "language": _("The language the document is written in (shown to the public)."),
        "produced_by": _("Public (BIP record): who produced the document."),
        "published_by": _("Public (BIP record): who published it."),
    },
    "commitments.Indicator": {
        "name": _("What is measured, as the public sees it above the chart."),
        "baseline_value": _("The starting value, shown in the chart and table. 250,5 or 250.5."),
        "baseline_date": _("The date of the baseline value."),
        "target_value": _("Optional; shown in the chart and table. 250,5 or 250.5."),
        "direction": _("Tells the public which way is progress."),
    },
    "commitments.DataPoint": {
        "year": _("The year the value is for."),
        "value": _("Shown in the chart and table. 250,5 or 250.5 (no thousands separators)."),
        "note": _("Shown to the public next to the value."),
    },
    "accessibility.AccessibilityStatement": {
        "entity_name": _("Shown in the statement."),
        "website_name": _("Shown in the statement."),
        "site_published_on": _("Shown in the statement."),
        "site_updated_on": _("Shown in the statement."),
        "conformance": _("Shown in the statement."),
        "conformance_note": _("Shown in the statement."),
        "prepared_on": _("Shown in the statement."),
        "assessment_url": _("Shown in the statement."),
        "keyboard_shortcuts": _("Shown in the statement."),
        "contact_person": _("Shown in the statement."),
        "other_information": _("Shown in the statement."),
        "mobile_apps": _("Shown in the statement."),
        "architecture": _("Shown in the statement."),
        "architecture_url": _("Shown in the statement."),
        "communication": _("Shown in the statement."),
    },
    "accessibility.InaccessibleContent": {
        "statement": _("The statement that lists this content."),
        "ground": _("Shown in the statement."),
        "alternative": _("Shown in the statement."),
    },
    "accessibility.SignLanguageVideo": {
        "video": _("Played on the public page."),
        "captions": _("Shown with the video."),
        "transcript": _("Shown under the video."),
        "recorded_on": _("Shown to the public."),
    },
    "helpdirectory.HelpOrganisation": {
        "kind": _("Shown to the public."),
        "needs": _("The public finds the organisation under these needs."),
        "address": _("Shown to the public."),
        "website": _("Shown to the public."),
        "languages": _("Shown to the public."),
        "step_free_access": _("Shown to the public."),
        "accessible_toilet": _("Shown to the public."),
        "hearing_loop": _("Shown to the public."),
        "hours": _("Shown to the public."),
    },
    "dialogue.Feedback": {
        "state": _(
            "“Answer published”: the message and the answer appear on the commitment's page; "
            "in other states only staff see them."
        ),
        "answer": _("Public on the commitment's page once the state is “Answer published”."),
        "answer_language": _("The answer's language, marked on the public page."),
    },
}

LANGUAGE_SUFFIXES = ("_pl", "_en", "_uk", "_be")


def base_name(name):
    for suffix in LANGUAGE_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def help_for(model, name):
    """The help text for form field ``name`` of an admin form for ``model``, or ""."""
    base = base_name(name)
    return BY_MODEL.get(model._meta.label, {}).get(base) or ANY_MODEL.get(base, "")
