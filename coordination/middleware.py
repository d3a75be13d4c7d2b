class StripNulCharactersMiddleware:
    """Drop NUL characters from query strings and form fields.

    No real input contains them, PostgreSQL refuses them in text, and a lookup that carries one
    would otherwise end in a server error instead of an ordinary "no such choice" message.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
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
