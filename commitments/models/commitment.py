import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.db.models.functions import Length
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core import fragments, pagecache
from declaration.models import Value
from publishing.audit import AuditedQuerySet
from publishing.models import PublicationState, Publishable, PublishableQuerySet, published_q

from .framework import Element, Level

REFERENCE_PREFIX = "BPC"
DEMO_REFERENCE_PREFIX = "DEMO"


class Unit(models.Model):
    """A responsible unit of the city (an editable list)."""

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    is_demo = models.BooleanField(_("demonstration content"), default=False, editable=False)

    # Bulk updates are recorded in the audit trail too (publishing/audit.py).
    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("responsible unit")
        verbose_name_plural = _("responsible units")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Status(models.Model):
    """A commitment status (an editable list): planned, in progress, completed…"""

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    meaning = models.TextField(_("meaning"), help_text=_("Shown to the public: what this status means."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    default_progress = models.PositiveSmallIntegerField(
        _("default progress (%)"),
        default=0,
        validators=[MaxValueValidator(100)],
        help_text=_("Progress shown for a commitment in this status that has no milestones."),
    )
    is_done = models.BooleanField(
        _("counts as done"), default=False, help_text=_("A done commitment is never shown as overdue.")
    )

    # Bulk updates are recorded in the audit trail too (publishing/audit.py).
    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("status")
        verbose_name_plural = _("statuses")
        ordering = ["order", "slug"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Commitments without milestones show this status's usual progress.
        for commitment in self.commitments.all():
            commitment.refresh_progress()


class ProgressMode(models.TextChoices):
    MILESTONES = "milestones", _("computed from milestones")
    MANUAL = "manual", _("set by hand")


class CommitmentQuerySet(PublishableQuerySet):
    def for_listing(self):
        return self.select_related("level", "status", "unit", "parent").prefetch_related(
            models.Prefetch("values", queryset=Value.objects.published())
        )

    def overdue(self, today=None):
        """Past the target date and not done."""
        today = today or timezone.localdate()
        return self.filter(target_date__lt=today, status__is_done=False)

    def stale(self, today=None):
        """Not reviewed for longer than COMMITMENT_STALE_AFTER_DAYS (or never)."""
        limit = (today or timezone.localdate()) - datetime.timedelta(days=settings.COMMITMENT_STALE_AFTER_DAYS)
        return self.filter(Q(last_reviewed_on__lt=limit) | Q(last_reviewed_on__isnull=True))

    def top_level(self):
        return self.filter(parent__isnull=True)


class Commitment(Publishable):
    # Rendered as Markdown on public pages; the admin shows a preview (publishing/staff_forms.py).
    markdown_fields = ("body",)

    reference = models.CharField(
        _("reference"),
        max_length=20,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_("Assigned at first publication and never changed."),
    )
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), help_text=_("One or two sentences shown in lists."))
    body = models.TextField(
        _("description"), blank=True, help_text=_("Markdown: **bold**, *italic*, lists, [links](https://…).")
    )
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="commitments", verbose_name=_("level"))
    element = models.ForeignKey(
        Element,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("framework element"),
    )
    values = models.ManyToManyField(
        "declaration.Value", blank=True, related_name="commitments", verbose_name=_("values")
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("responsible unit"),
    )
    partners = models.TextField(_("partners"), blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    status = models.ForeignKey(Status, on_delete=models.PROTECT, related_name="commitments", verbose_name=_("status"))
    progress_mode = models.CharField(
        _("progress"), max_length=12, choices=ProgressMode.choices, default=ProgressMode.MILESTONES
    )
    manual_progress = models.PositiveSmallIntegerField(_("progress set by hand (%)"), null=True, blank=True)
    manual_progress_reason = models.TextField(
        _("reason for the hand-set progress"), blank=True, help_text=_("Shown to the public next to the progress.")
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"),
        default=0,
        editable=False,
        help_text=_("Derived: from sub-commitments, milestones, the hand-set value or the status."),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
        help_text=_("Optional parent commitment (at most two levels)."),
    )
    last_reviewed_on = models.DateField(_("last reviewed"), null=True, blank=True)
    next_review_due = models.DateField(_("next review due"), null=True, blank=True)
    is_demo = models.BooleanField(_("demonstration content"), default=False, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = CommitmentQuerySet.as_manager()

    class Meta(Publishable.Meta):
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        # BPC-2025-1000 after BPC-2025-999: shorter references first.
        ordering = [Length("reference"), "reference", "pk"]
        constraints = [
            *Publishable.Meta.constraints,
            models.CheckConstraint(
                condition=Q(manual_progress__isnull=True) | Q(manual_progress__lte=100),
                name="manual_progress_0_100",
            ),
        ]

    def __str__(self):
        reference = self.reference or _("(unpublished)")
        return f"{reference} {self.title}"

    def get_absolute_url(self):
        return reverse("commitments:detail", args=[self.slug])

    # Public versions -------------------------------------------------------------

    @property
    def version_key(self):
        return self.reference

    def public_snapshot(self):
        from ..snapshots import commitment_snapshot

        return commitment_snapshot(self)

    def scheduled_changes(self, after):
        from ..snapshots import commitment_schedule

        return commitment_schedule(self, after)

    def permanent_url(self):
        return reverse("commitments:permanent", args=[self.reference])

    # Rules --------------------------------------------------------------------

    def clean(self):
        errors = {}
        if self.start_date and self.target_date and self.target_date < self.start_date:
            errors["target_date"] = _("The target date cannot be before the start date.")
        if self.progress_mode == ProgressMode.MANUAL:
            if self.pk and self.children.exists():
                errors["progress_mode"] = _(
                    "This commitment has sub-commitments: its progress is always the average of theirs."
                )
            if self.manual_progress is None:
                errors["manual_progress"] = _("Give the progress (0–100) or let it be computed from milestones.")
            elif not 0 <= self.manual_progress <= 100:
                errors["manual_progress"] = _("Progress must be between 0 and 100.")
            if not (self.manual_progress_reason_pl or "").strip():
                # Keyed to the Polish column: the admin form has one field per language.
                errors["manual_progress_reason_pl"] = _("Say why the progress is set by hand (at least in Polish).")
        if self.element_id and self.level_id and self.element.level_id != self.level_id:
            errors["element"] = _("The element belongs to another level.")
        if self.parent_id:
            errors.update(self._parent_errors())
        if errors:
            raise ValidationError(errors)

    def _parent_errors(self):
        if self.pk and self.parent_id == self.pk:
            return {"parent": _("A commitment cannot be part of itself.")}
        if self.parent.parent_id is not None:
            return {"parent": _("Commitments nest at most two levels: the chosen parent is itself part of another.")}
        if self.pk and self.children.exists():
            return {"parent": _("This commitment has its own sub-commitments, so it cannot be part of another.")}
        return {}

    @property
    def is_overdue(self):
        return bool(self.target_date and self.target_date < timezone.localdate() and not self.status.is_done)

    @property
    def is_stale(self):
        limit = timezone.localdate() - datetime.timedelta(days=settings.COMMITMENT_STALE_AFTER_DAYS)
        return self.last_reviewed_on is None or self.last_reviewed_on < limit

    # Derived progress -----------------------------------------------------------

    def derive_progress(self, children, milestones):
        """Progress and what it comes from, given the published sub-commitments
        and milestones: sub-commitments decide a parent's progress; otherwise
        a hand-set value (with its public reason), then the share of milestones
        done, then the status's usual value. The one place these rules live."""
        if children:
            return round(sum(child.progress for child in children) / len(children)), "children"
        if self.progress_mode == ProgressMode.MANUAL and self.manual_progress is not None:
            return self.manual_progress, "manual"
        if milestones:
            return round(100 * sum(m.done for m in milestones) / len(milestones)), "milestones"
        return self.status.default_progress, "status"

    def compute_progress(self):
        if not self.pk:
            return self.derive_progress([], [])[0]
        children = list(self.children.filter(published_q()).only("progress"))
        milestones = list(self.milestones.filter(published_q()).only("done"))
        return self.derive_progress(children, milestones)[0]

    def refresh_progress(self, record_versions=False):
        """Recompute the stored progress, and the parent's in turn. Stored, so
        lists, sorting and the overview need no per-row work; a scheduled
        milestone going live is picked up by ``manage.py refresh_progress``.

        With ``record_versions`` (the command), a public commitment whose
        stored progress changed gets a public version if its snapshot differs
        from the latest: its parent's page shows it (and a row published outside
        the admin, which records versions itself, is recorded at last)."""
        progress = self.compute_progress()
        if progress != self.progress:
            self.progress = progress
            Commitment.objects.filter(pk=self.pk).update(progress=progress)
            # update() sends no signal; lists and the overview show this number,
            # and so do this commitment's fragments and its parent's (core/fragments.py).
            pagecache.invalidate()
            fragments.touch(fragments.tokens_of(self))
            if record_versions:
                from publishing import versions

                versions.record(self, major=False)
        if self.parent_id:
            self.parent.refresh_progress(record_versions)

    @cached_property
    def _shown(self):
        """(progress, source) as the public page shows them: derived from the
        published children and milestones the page has prefetched, so the
        progress moves the moment a scheduled milestone is due, exactly as the
        commitment's public versions do (the stored ``progress``, which lists
        sort by, follows when ``refresh_progress`` runs)."""
        children = [child for child in self.children.all() if child.is_published] if self.pk else []
        milestones = [m for m in self.milestones.all() if m.is_published] if self.pk else []
        return self.derive_progress(children, milestones)

    @property
    def shown_progress(self):
        return self._shown[0]

    @property
    def progress_source(self):
        """What the progress comes from, for the public explanation."""
        return self._shown[1]

    # Reference ----------------------------------------------------------------

    def save(self, *args, **kwargs):
        stored_reference, old_parent_id, old_slug = None, None, None
        if self.pk:
            stored = Commitment.objects.filter(pk=self.pk).values_list("reference", "parent_id", "slug").first()
            stored_reference, old_parent_id, old_slug = stored or (None, None, None)
            if stored_reference and stored_reference != self.reference:
                raise ValidationError(_("The reference of a published commitment never changes."))
        self.progress = self.compute_progress()
        if self.publication_state == PublicationState.PUBLISHED and not self.reference:
            self._save_with_new_reference(*args, **kwargs)
        else:
            super().save(*args, **kwargs)
        if old_slug and old_slug != self.slug and self.was_ever_public:
            CommitmentSlug.objects.get_or_create(slug=old_slug, defaults={"commitment": self})
        # Both the new parent and, after a move, the old one derive their progress from this one.
        for parent_id in {self.parent_id, old_parent_id} - {None}:
            Commitment.objects.get(pk=parent_id).refresh_progress()

    def delete(self, *args, **kwargs):
        parent = self.parent
        result = super().delete(*args, **kwargs)
        if parent is not None:
            parent.refresh_progress()
        return result

    def _save_with_new_reference(self, *args, **kwargs):
        """BPC-<year of first publication>-<number within that year>, e.g. BPC-2024-007.
        Two publishers at the same moment cannot get the same number: the unique
        constraint rejects the second, which then takes the next one."""
        published = self.published_at or timezone.now()
        self.published_at = published
        prefix = f"{DEMO_REFERENCE_PREFIX if self.is_demo else REFERENCE_PREFIX}-{timezone.localtime(published).year}-"
        for _attempt in range(5):
            last = (
                Commitment.objects.filter(reference__startswith=prefix)
                .order_by(Length("reference").desc(), "-reference")
                .values_list("reference", flat=True)
                .first()
            )
            self.reference = f"{prefix}{int(last.rsplit('-', 1)[1]) + 1 if last else 1:03d}"
            try:
                with transaction.atomic():
                    super().save(*args, **kwargs)
                return
            except IntegrityError:
                if not Commitment.objects.filter(reference=self.reference).exclude(pk=self.pk).exists():
                    raise
                self.reference = None
        raise IntegrityError("Could not assign a unique reference.")


class CommitmentSlug(models.Model):
    """A former address of a commitment, answered with a permanent redirect."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="old_slugs")
    slug = models.SlugField(_("former slug"), max_length=120, unique=True)

    # Bulk updates are recorded in the audit trail too (publishing/audit.py).
    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("former address")
        verbose_name_plural = _("former addresses")

    def __str__(self):
        return self.slug
