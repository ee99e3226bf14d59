"""What every app of the portal relies on and none of them owns: how pages are
served (the page cache, health checks, the 503 page during a database outage),
how staff input is made safe (Markdown rendered and sanitised, uploads checked
by their content), the portable backup (export_content/import_content), and
how lists and the JSON APIs page, one query per page (pagination.py).

Nothing about the city's content belongs here: no model, no public page, no
knowledge of any other app. A module joins only if every app may use it and it
would be wrong in each of them; anything with a domain meaning lives in its
domain's app (the publication workflow and the audit trail in ``publishing``).
"""
