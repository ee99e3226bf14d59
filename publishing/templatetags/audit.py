from django import template

from ..models import AuditEntry

register = template.Library()


@register.simple_tag
def recent_audit_entries(user, limit=10):
    """``{% recent_audit_entries user 10 as entries %}``: the user's latest entries in the audit trail."""
    return AuditEntry.objects.filter(user=user).select_related("content_type")[:limit]
