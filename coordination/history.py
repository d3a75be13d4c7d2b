"""Historical versions of an activity that include its focus areas and partners.

django-simple-history writes a version when the row is saved, before a form saves the links,
and another one on every change of links: an admin save left the first version with the old
links, plus one or two more. Here a change of links made in the same unit of work
(coordination/changes.py) as the save updates that save's version instead, so one save is one
version and each version holds the links as they were after it.
"""

from simple_history.models import HistoricalRecords

from .current_batch import active


class ActivityHistory(HistoricalRecords):
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


def links_of(version):
    """{field name: [ids]} of the focus areas and partners a version recorded."""
    links = {}
    for field, m2m_model in HistoricalRecords.m2m_models.items():
        if m2m_model._meta.get_field("history").related_model is not type(version):
            continue
        target = field.m2m_reverse_field_name()
        links[field.name] = list(
            m2m_model.objects.filter(history=version).values_list(f"{target}_id", flat=True)
        )
    return links
