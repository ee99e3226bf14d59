#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    # Local development is the zero-configuration default; production and tests
    # select their own layer through DJANGO_SETTINGS_MODULE.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bialystok_hrc.settings.dev")
    from django.core.management import execute_from_command_line

    from publishing.audit import recorded_as

    # Whatever a command changes is in the audit trail under its name.
    with recorded_as(f"manage.py {sys.argv[1]}" if len(sys.argv) > 1 else "manage.py"):
        execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
