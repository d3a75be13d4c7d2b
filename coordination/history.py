"""Historical versions of an activity that include its focus areas and partners.

django-simple-history writes a version when the row is saved, before a form saves the links,
and another one on every change of links: an admin save left the first version with the old
links, plus one or two more. Here a change of links made in the same unit of work
(coordination/changes.py) as the save updates that save's version instead, so one save is one
version and each version holds the links as they were after it. A version written without a
save (a step of the review noted in the history) holds the links too.
"""

from simple_history.manager import HistoryManager
from simple_history.models import HistoricalRecords

from .current_batch import active


class ActivityHistoryManager(HistoryManager):
    def bulk_history_create(self, objs, *args, **kwargs):
        versions = super().bulk_history_create(objs, *args, **kwargs) or []
        # Without the links a version reads, next to the one before it, as "every focus area
        # removed", and the one after it as "all added back".
        for field, m2m_model in link_fields(self.model):
            through = field.remote_field.through
            names = [f.attname for f in through._meta.concrete_fields]
            for version in versions:
                rows = through.objects.filter(**{f"{field.m2m_field_name()}_id": version.id})
                m2m_model.objects.bulk_create(
                    m2m_model(history=version, **values) for values in rows.values(*names)
                )
        return versions


class ActivityHistory(HistoricalRecords):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("history_manager", ActivityHistoryManager)
        super().__init__(*args, **kwargs)

    def create_historical_record_m2ms(self, history_instance, instance):
        super().create_historical_record_m2ms(history_instance, instance)
        instance._history_version = (history_instance, active())

    def m2m_changed(self, instance, action, attr, pk_set, reverse, **kwargs):
        version, batch = getattr(instance, "_history_version", (None, None))
        if (
            not reverse
            and action in ("post_add", "post_remove", "post_clear")
            and version is not None
            and batch is not None
            and batch is active()
        ):
            for m2m_model in self.m2m_models.values():
                if m2m_model._meta.get_field("history").related_model is type(version):
                    m2m_model.objects.filter(history=version).delete()
            super().create_historical_record_m2ms(version, instance)
            return
        super().m2m_changed(instance, action, attr, pk_set, reverse, **kwargs)


def link_fields(history_model):
    """(field, history model of its links) for each link field a history model records."""
    for field, m2m_model in HistoricalRecords.m2m_models.items():
        if m2m_model._meta.get_field("history").related_model is history_model:
            yield field, m2m_model


def links_of(version):
    """{field name: [ids]} of the focus areas and partners a version recorded."""
    links = links_by_version([version]).get(version.history_id, {})
    return {name: sorted(ids) for name, ids in links.items()}


def links_by_version(versions):
    """{history_id: {field name: {ids}}} of the links each version recorded, one query per
    link field. A version that recorded none (older versions, the one a deletion leaves) is
    left out: every activity has a focus area, so its links are not known."""
    if not versions:
        return {}
    fields = list(link_fields(type(versions[0])))
    ids = [version.history_id for version in versions]
    links = {}
    for field, m2m_model in fields:
        target = f"{field.m2m_reverse_field_name()}_id"
        rows = m2m_model.objects.filter(history_id__in=ids).values_list("history_id", target)
        for history_id, pk in rows:
            links.setdefault(history_id, {field.name: set() for field, _m in fields})
            links[history_id][field.name].add(pk)
    return links
