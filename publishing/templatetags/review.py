from django import template

from publishing.queue import queue_for

register = template.Library()


@register.simple_tag
def review_queue(user):
    """The admin home's review queue for ``user`` (publishing/queue.py)."""
    return queue_for(user)
