"""Every API error is JSON with a `detail` sentence; invalid parameters also name the field."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.ValidationError):
        errors = response.data if isinstance(response.data, dict) else {"": response.data}
        response.data = {
            "detail": _("Invalid parameters: %(names)s.") % {"names": ", ".join(sorted(errors))},
            "errors": errors,
        }
    return response


def not_found(request, *args, **kwargs):
    """Addresses under /api/ that match no endpoint (ids that are not numbers included)."""
    return JsonResponse({"detail": _("There is no API endpoint at this address.")}, status=404)
