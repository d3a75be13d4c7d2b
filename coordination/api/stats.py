"""The shape of /api/v1/stats/, described for the schema; the figures are the dashboard's."""

from rest_framework import serializers


class TotalsSerializer(serializers.Serializer):
    activities = serializers.IntegerField()
    sessions = serializers.IntegerField(help_text="Sum of the sessions reported.")
    participants = serializers.IntegerField(help_text="Sum of the participants reported.")
    # Plain strings, not enums: two enums of the same values would need a settings override.
    sessions_qualifier = serializers.CharField(
        help_text="How to read the sum: exact, more_than (a report said “more than”), "
        "at_least (some reports give no figure), nearly, or unknown (no report gives one: "
        "the sum is not 0).",
    )
    participants_qualifier = serializers.CharField(
        help_text="As sessions_qualifier, for participants."
    )
    provinces = serializers.IntegerField(help_text="Current provinces with activities.")
    branches = serializers.IntegerField(help_text="Organising branches.")


class BreakdownRowSerializer(serializers.Serializer):
    label = serializers.CharField()
    params = serializers.DictField(
        child=serializers.CharField(),
        help_text="The filter parameters that select this row's activities in the list.",
    )
    activities = serializers.IntegerField()
    sessions = serializers.IntegerField()
    participants = serializers.IntegerField()


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
    return {"too_broad": False, "detail": None, "totals": figures["totals"], **rows}
