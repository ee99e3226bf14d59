"""The public record's own place in the roles: both roles read the public
versions and the audit trail; only Publishers publish."""

from . import registry

RECORDS = {"publishing.view_publicversion", "publishing.view_auditentry"}

registry.register_app(
    "publishing",
    # The verify page; the ledger and the verifier are files, listed on the open-data page.
    sitemap_pages=["publishing:verify"],
    roles=registry.Roles(editor=frozenset(RECORDS), publisher=frozenset({*RECORDS, "publishing.publish"})),
)
