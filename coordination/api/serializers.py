"""What the API shows of each record: published facts, never staff identities or workflow.

Field names are English and stable; values are stored Vietnamese text. Reference data lists
its `name` and, where the model has one, its English `name_en`: adding it is one entry in
`fields`.
"""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .. import activity_fields
from ..models import (
    ActivityType,
    Agreement,
    Award,
    FocusArea,
    OutreachEvent,
    Province,
    Signatory,
    Source,
    UnionBranch,
)
from ..models.agreements import FOCUS_AREA_NOTE


class _PageLinks(serializers.ModelSerializer):
    """Adds `page_url`: the record's public page, absolute when the request is known."""

    page_url = serializers.SerializerMethodField()

    def get_page_url(self, obj) -> str:
        request = self.context.get("request")
        url = obj.get_absolute_url()
        return request.build_absolute_uri(url) if request else url


class SourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["key", "title", "author", "publisher", "url"]


class ProvinceRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Province
        fields = ["code", "era", "name"]


# One instance for every row: building a ModelSerializer's fields costs more than using them.
_PROVINCE_REF = ProvinceRefSerializer()


class ProvinceSerializer(_PageLinks):
    successor = ProvinceRefSerializer(
        read_only=True,
        allow_null=True,
        help_text="For a former unit: the current unit it merged into; null for a current one.",
    )

    class Meta:
        model = Province
        fields = ["code", "era", "name", "kind", "successor", "page_url"]


class BranchRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = UnionBranch
        fields = ["code", "name", "short_name"]


class BranchSerializer(_PageLinks):
    parent = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True, help_text="Code of the parent branch."
    )
    province = serializers.SlugRelatedField(
        slug_field="code",
        read_only=True,
        allow_null=True,
        help_text="Code of the current province, if any.",
    )

    class Meta:
        model = UnionBranch
        fields = [
            "code",
            "name",
            "short_name",
            "kind",
            "level",
            "parent",
            "province",
            "member_count",
            "member_count_is_approximate",
            "description",
            "page_url",
        ]


class ActivityTypeSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActivityType
        fields = ["code", "name", "name_en"]


class FocusAreaRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = FocusArea
        fields = ["code", "number", "name", "name_en"]


class FocusAreaSerializer(serializers.ModelSerializer):
    note = serializers.SerializerMethodField(
        help_text="The statement every page shows with the areas: a working list, not the "
        "regulation's text."
    )

    class Meta:
        model = FocusArea
        fields = ["code", "number", "name", "name_en", "description", "is_active", "note"]

    def get_note(self, obj) -> str:
        return str(FOCUS_AREA_NOTE)


class AgreementRefSerializer(serializers.ModelSerializer):
    api_url = serializers.SerializerMethodField()

    class Meta:
        model = Agreement
        fields = ["id", "number", "title", "api_url"]

    def get_api_url(self, obj) -> str:
        return _absolute(self, reverse("api:agreement-detail", args=[obj.pk]))


class SignatorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Signatory
        fields = [
            "name",
            "rank",
            "rank_en",
            "position",
            "position_en",
            "organisation",
            "organisation_en",
            "role",
        ]


class AwardSerializer(serializers.ModelSerializer):
    class Meta:
        model = Award
        fields = [
            "medal",
            "medal_en",
            "conferred_by",
            "conferred_by_en",
            "presented_by",
            "recipient_group",
            "recipient_group_en",
            "recipient_count",
            "named_recipients",
            "conferred_on",
            "caption_excerpt",
            "caption_en",
        ]


class AgreementSerializer(_PageLinks):
    parties = serializers.SerializerMethodField()
    parties_en = serializers.SerializerMethodField()
    signatories = serializers.SerializerMethodField()
    awards = AwardSerializer(many=True, read_only=True)
    legal_bases = AgreementRefSerializer(many=True, read_only=True)
    supersedes = AgreementRefSerializer(many=True, read_only=True)
    source = SourceSerializer(read_only=True)

    class Meta:
        model = Agreement
        fields = [
            "id",
            "code",
            "kind",
            "number",
            "title",
            "title_en",
            "parties",
            "parties_en",
            "signed_on",
            "status",
            "logs_new_activities",
            "follow_order",
            "summary",
            "summary_en",
            "stated_focus_area_count",
            "editor_note",
            "editor_note_en",
            "supersedes_note",
            "supersedes",
            "legal_bases",
            "signatories",
            "awards",
            "source",
            "source_excerpt",
            "page_url",
        ]

    # The API gives both languages whatever the request's: the page's language is for pages.
    def get_parties(self, obj) -> list[str]:
        return obj.party_list("parties")

    def get_parties_en(self, obj) -> list[str]:
        return obj.party_list("parties_en")

    @extend_schema_field(SignatorySerializer(many=True))
    def get_signatories(self, obj):
        # Signers before attendees, as on every page.
        people = sorted(obj.signatories.all(), key=lambda s: (s.role != "signed", s.order))
        return SignatorySerializer(people, many=True).data


class ActivitySerializer(_PageLinks):
    api_url = serializers.SerializerMethodField()
    activity_type = ActivityTypeSerializer(read_only=True)
    agreement = AgreementRefSerializer(
        read_only=True, allow_null=True, help_text="Null when the source does not say."
    )
    focus_areas = FocusAreaRefSerializer(many=True, read_only=True)
    organiser = BranchRefSerializer(
        read_only=True,
        help_text="The branch the activity is recorded under; organised_by names who did it.",
    )
    organised_by = serializers.CharField(
        read_only=True,
        help_text="Who did it, as the pages and exports show: the source's own words when it "
        "credits several units (organiser_note), else the organising branch.",
    )
    partners = BranchRefSerializer(many=True, read_only=True)
    province = ProvinceRefSerializer(
        read_only=True,
        allow_null=True,
        help_text="As recorded; null when there is none: nationwide says whether the source "
        "says the whole country, else the place is not given.",
    )
    current_province = serializers.SerializerMethodField(
        help_text="The current unit the activity's province is, or became part of."
    )
    figures_qualifier = serializers.ChoiceField(
        choices=OutreachEvent.Qualifier.choices,
        read_only=True,
        allow_null=True,
        help_text="Whether the figures are exact or “more than” / “nearly”; null when the "
        "activity gives no figure (nothing to qualify).",
    )
    source = SourceSerializer(read_only=True, allow_null=True)

    class Meta:
        model = OutreachEvent
        fields = [
            "id",
            *activity_fields.after(
                activity_fields.after(
                    activity_fields.without(activity_fields.RECORDED, activity_fields.STAFF_ONLY),
                    "organiser_note",
                    "organised_by",
                ),
                "province",
                "current_province",
            ),
            "updated_at",
            "api_url",
            "page_url",
        ]

    def get_api_url(self, obj) -> str:
        return _absolute(self, reverse("api:activity-detail", args=[obj.pk]))

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if instance.sessions is None and instance.participants is None:
            # The default "exact" would claim a precision for figures no source gave.
            data["figures_qualifier"] = None
        return data

    @extend_schema_field(ProvinceRefSerializer(allow_null=True))
    def get_current_province(self, obj):
        if obj.province is None:
            return None
        current = obj.province if obj.province.is_current else obj.province.successor
        return _PROVINCE_REF.to_representation(current)


def _absolute(serializer, url):
    request = serializer.context.get("request")
    return request.build_absolute_uri(url) if request else url
