from html import escape
from urllib.parse import quote

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from ..charts import grouped

register = template.Library()


@register.simple_tag
def branch_tree(nodes, searching=False):
    """The union hierarchy as nested lists that fold by level (<details>, no script): six
    hundred branches drawn as strings, which Django's recursive includes would take a tenth
    of a second to draw. The top level is open; a search opens the way to what it found."""
    list_url = escape(reverse("event-list"))
    return mark_safe(  # noqa: S308 escaped in _node
        "".join(_node(node, list_url, searching, top=True) for node in nodes)
    )


def _node(node, list_url, searching, top=False, parent_kind=None):
    branch = node["branch"]
    details = []
    if branch.member_count is not None:
        members = ngettext("%(counter)s member", "%(counter)s members", branch.member_count)
        about = gettext("nearly") + " " if branch.member_count_is_approximate else ""
        details.append(escape(about + members % {"counter": grouped(branch.member_count)}))
    activities = ngettext("%(counter)s activity", "%(counter)s activities", node["total"])
    details.append(
        f'<a href="{list_url}?branch={escape(quote(branch.code))}">'
        f"{escape(activities % {'counter': grouped(node['total'])})}</a>"
    )
    name = escape(branch.name)
    if node.get("matched"):
        name = f"<mark>{name}</mark>"
    # The kind is said once, where it changes: six hundred "police trade union" badges
    # would double the tree's height.
    badge = (
        f' <span class="badge">{escape(str(branch.get_kind_display()))}</span>'
        if branch.kind != parent_kind
        else ""
    )
    line = (
        f'<a href="{escape(branch.get_absolute_url())}">{name}</a>{badge} '
        f'<span class="muted">· {" · ".join(details)}</span>'
    )
    if not node["children"]:
        return f"<li>{line}</li>"
    children = "".join(
        _node(child, list_url, searching, parent_kind=branch.kind) for child in node["children"]
    )
    opened = node.get("open") if searching else top
    count = node["below"]  # a search shows some of them, the count says how many there are
    below = ngettext("%(counter)s branch below", "%(counter)s branches below", count) % {
        "counter": grouped(count)
    }
    return (
        f"<li><details{' open' if opened else ''}><summary>{line} "
        f'<span class="muted">· {escape(below)}</span></summary>'
        f"<ul>{children}</ul></details></li>"
    )
