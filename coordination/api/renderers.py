from rest_framework.renderers import BaseRenderer, JSONRenderer


class CSVRenderer(BaseRenderer):
    """Lets `?format=csv` and `Accept: text/csv` choose the list's CSV export.

    The view streams the file itself; errors are turned back into JSON before rendering
    (views.ActivityList.finalize_response), so this only ever renders JSON-able data.
    """

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return JSONRenderer().render(data)
