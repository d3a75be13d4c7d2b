from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.http import Http404


def view_on_site(request, content_type_id, object_id):
    """Django's "view on site" redirect, for records this user may open in admin.

    Django's own answers any signed-in user with a redirect or a 404, which tells which ids
    exist (drafts of other branches included); here both cases give the same 404.
    """
    content_type = ContentType.objects.filter(pk=content_type_id).first()
    model_admin = admin.site._registry.get(content_type.model_class() if content_type else None)
    if model_admin is None or not model_admin.has_view_or_change_permission(request):
        raise Http404
    obj = model_admin.get_object(request, object_id)
    if obj is None or not model_admin.has_view_or_change_permission(request, obj):
        raise Http404
    return shortcut(request, content_type_id, object_id)
