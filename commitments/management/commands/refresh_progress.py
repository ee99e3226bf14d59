from django.core.management.base import BaseCommand

from commitments.models import Commitment


class Command(BaseCommand):
    help = (
        "Recompute every commitment's stored progress. Saving in the admin keeps it current; run this "
        "periodically (e.g. every 10 minutes from cron) if milestones or sub-commitments are scheduled "
        "to be published in the future, so lists and the overview count them once they are due. A public "
        "commitment whose progress changes gets a public version if what its page shows differs from the latest."
    )

    def handle(self, *args, **options):
        changed = 0
        # Sub-commitments first: their parents' progress is the average of theirs.
        for commitment in Commitment.objects.order_by("parent_id").select_related("status"):
            before = commitment.progress
            commitment.refresh_progress(record_versions=True)
            changed += commitment.progress != before
        self.stdout.write(self.style.SUCCESS(f"Progress recomputed; {changed} commitment(s) changed."))
