"""A table wider than a phone's screen, readable on it (issue 15 §6): the table scrolls sideways
inside its own box, while its caption and a visible "scroll sideways" cue stay outside the box, so
they neither scroll away nor hide that there are more columns.

    {% widetable "documents" %}{% translate "Documents of this commitment" %}{% table %}
      <table aria-labelledby="documents-caption">…</table>
    {% endwidetable %}

The caption gets the id ``<name>-caption``; the scrolling box and the table are named by it. The
cue shows only while the table is wider than its box (a CSS scroll timeline, site.css), so it
needs no JavaScript and never tells to scroll a table that fits."""

from django import template
from django.template.loader import render_to_string

register = template.Library()


class WideTableNode(template.Node):
    def __init__(self, name_parts, caption, table):
        self.name_parts, self.caption, self.table = name_parts, caption, table

    def render(self, context):
        return render_to_string(
            "includes/wide_table.html",
            {
                "caption_id": "-".join(str(part.resolve(context)) for part in self.name_parts) + "-caption",
                "caption": self.caption.render(context),
                "table": self.table.render(context),
            },
        )


@register.tag
def widetable(parser, token):
    """``{% widetable name [part …] %}caption{% table %}<table …>…</table>{% endwidetable %}``: the
    caption's id is the parts joined by hyphens, then ``-caption``."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% widetable %} needs the name of the table")
    caption = parser.parse(("table",))
    parser.delete_first_token()
    table = parser.parse(("endwidetable",))
    parser.delete_first_token()
    return WideTableNode([parser.compile_filter(bit) for bit in bits[1:]], caption, table)
