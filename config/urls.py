from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

urlpatterns = [
    path("admin/", admin.site.urls),
    # Without a CSRF token in every public page, pages can be cached for all visitors; a
    # forged request could only switch someone's language.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("api/v1/", include("coordination.api.urls")),
    path("", include("coordination.urls")),
]

# A database outage answers 503 with Retry-After instead of the static 500 page.
handler500 = "coordination.views.health.server_error"
