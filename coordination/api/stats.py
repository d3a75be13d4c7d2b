"""The shape of /api/v1/stats/, described for the schema; the figures are the dashboard's."""

from rest_framework import serializers

from ..qualified import API_HELP


# A Figure (coordination/qualified.py) is two fields: its value, null when no activity gives
# it, and its qualifier.
def _value(name):
    return serializers.IntegerField(
        source=f"{name}.value",
        allow_null=True,
        help_text=f"Sum of the {name} reported; null when no activity gives it (not 0). "
        f"Read it with {name}_qualifier.",
    )


def _qualifier(name):
    # Plain strings, not enums: several enums of the same values need a settings override.
    return serializers.CharField(source=f"{name}.qualifier", help_text=API_HELP)


class TotalsSerializer(serializers.Serializer):
    activities = serializers.IntegerField()
    sessions, sessions_qualifier = _value("sessions"), _qualifier("sessions")
    participants, participants_qualifier = _value("participants"), _qualifier("participants")
    provinces = serializers.IntegerField(help_text="Current provinces with activities.")
    branches = serializers.IntegerField(help_text="Organising branches.")


class BreakdownRowSerializer(serializers.Serializer):
    label = serializers.CharField()
    params = serializers.DictField(
        child=serializers.CharField(),
        help_text="The filter parameters that select this row's activities in the list.",
    )
    activities = serializers.IntegerField()
    sessions, sessions_qualifier = _value("sessions"), _qualifier("sessions")
    participants, participants_qualifier = _value("participants"), _qualifier("participants")


class StatsSerializer(serializers.Serializer):
    too_broad = serializers.BooleanField(
        help_text="True when a text search matches too many activities to add up: narrow it."
    )
    detail = serializers.CharField(allow_null=True)
    totals = TotalsSerializer(allow_null=True)
    by_province = BreakdownRowSerializer(many=True)
    by_focus_area = BreakdownRowSerializer(many=True)
    by_type = BreakdownRowSerializer(many=True)
    by_period = BreakdownRowSerializer(many=True)
    top_branches = BreakdownRowSerializer(many=True)


BREAKDOWNS = {
    "by_province": "provinces",
    "by_focus_area": "focus_areas",
    "by_type": "types",
    "by_period": "periods",
    "top_branches": "branches",
}


def stats_data(figures, too_broad_message):
    """The dashboard's figures (views.reporting.dashboard_figures) as the API returns them."""
    if figures is None:
        empty = {name: [] for name in BREAKDOWNS}
        return {"too_broad": True, "detail": too_broad_message, "totals": None, **empty}
    rows = {
        name: BreakdownRowSerializer(figures["breakdowns"][key], many=True).data
        for name, key in BREAKDOWNS.items()
    }
    totals = TotalsSerializer(figures["totals"]).data
    return {"too_broad": False, "detail": None, "totals": totals, **rows}
