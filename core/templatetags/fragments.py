"""``{% fragment name [item] %}…{% endfragment %}``: a part of a page kept in the
fragment cache (core/fragments.py). Without ``fragments`` in the context (a
preview, the tests, fragments switched off) the block is simply rendered."""

from django import template

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        fragments = context.get("fragments")
        if fragments is None:
            return self.nodelist.render(context)
        parts = tuple(part.resolve(context) for part in self.name)
        name = parts[0] if len(parts) == 1 else parts
        html = fragments.get(name)
        if html is None:
            html = self.nodelist.render(context)
            fragments.put(name, html)
        return html


@register.tag
def fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% fragment %} needs a name")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, [parser.compile_filter(bit) for bit in bits[1:]])
