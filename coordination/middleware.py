from django.conf import settings
from django.http import Http404
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers

from . import refdata

#: Where the language comes from the request's Accept-Language.
API_PREFIX = "/api/"


class StripNulCharactersMiddleware:
    """Refuse NUL characters in the path, drop them from cookies, query strings and forms.

    No real input contains them, PostgreSQL refuses them in text, and a lookup that carries one
    would otherwise end in a server error instead of an ordinary "no such page" or "no such
    choice". Runs before the session middleware, so a session cookie with one is no session.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            raise Http404
        request.COOKIES = {
            name: value
            for name, value in request.COOKIES.items()
            if "\x00" not in name and "\x00" not in value
        }
        for name in ("GET", "POST"):
            data = getattr(request, name)
            if any("\x00" in key or "\x00" in "".join(data.getlist(key)) for key in data):
                clean = data.copy()
                for key in list(clean):
                    values = [value.replace("\x00", "") for value in clean.getlist(key)]
                    del clean[key]
                    clean.setlist(key.replace("\x00", ""), values)
                clean._mutable = False
                setattr(request, name, clean)
        return self.get_response(request)


class OneContentVersionMiddleware:
    """A page that reads nothing but the database (GET, HEAD) reads its content version at
    most once, so the reference data it draws and the cache key it is kept under agree
    (coordination/refdata.py). Requests that write read it afresh each time."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        with refdata.pinned():
            return self.get_response(request)


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Vietnamese unless the visitor chose English with the language selector (its cookie).

    Django's LocaleMiddleware follows the browser's Accept-Language when nobody has chosen,
    so an English browser opened the site and the admin in English; here the browser's
    language counts only for the API, whose clients have no selector to choose with.
    """

    def process_request(self, request):
        if request.path_info.startswith(API_PREFIX):
            return super().process_request(request)
        language = settings.LANGUAGE_CODE
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen:
            try:
                language = translation.get_supported_language_variant(chosen)
            except LookupError:
                pass
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        if request.path_info.startswith(API_PREFIX):
            return super().process_response(request, response)
        response.headers.setdefault("Content-Language", translation.get_language())
        patch_vary_headers(response, ("Cookie",))
        return response
