from django.core.management.base import BaseCommand, CommandError

from publishing import ledger


class Command(BaseCommand):
    help = (
        "Check the public record: the ledger's hash chain, every public version against its ledger entry "
        "(fingerprint and publication time), and every snapshot against its fingerprint. Exits non-zero on any break."
    )

    def handle(self, *args, **options):
        problems, rows = ledger.check_record()
        for problem in problems:
            self.stderr.write(f"BROKEN: {problem}")
        if problems:
            raise CommandError(f"The public record is broken: {len(problems)} problem(s).")
        head = f"{rows[-1]['sequence']}:{rows[-1]['hash']}" if rows else "(empty)"
        self.stdout.write(self.style.SUCCESS(f"The public record holds: {len(rows)} ledger entries, head {head}."))
