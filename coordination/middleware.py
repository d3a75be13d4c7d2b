from django.http import Http404

from . import refdata


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
