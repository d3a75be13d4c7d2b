"""The load and fault test's staff client (the admin, over HTTP) and its check that the tallies
and the cube equal a recount."""

import http.client
import re
import urllib.parse


def check_tallies():
    from django.db import transaction

    from coordination import tallies
    from coordination.models import ActivityCube, ActivityTally

    def table():
        cells = {
            (t.dimension_a, t.key_a, t.dimension_b, t.key_b): (t.activities, t.participants)
            for t in ActivityTally.objects.filter(activities__gt=0)
        }
        for c in ActivityCube.objects.filter(activities__gt=0):
            cells["cube", c.month, c.province, c.branch, c.type, c.focus] = (
                c.activities,
                c.participants,
            )
        return cells

    kept = table()
    with transaction.atomic():
        tallies.rebuild()
        recounted = table()
        transaction.set_rollback(True)
    if kept != recounted:
        differ = len(set(kept.items()) ^ set(recounted.items()))
        return [f"tallies or cube differ from a recount in {differ} cells"]
    return []


class StaffClient:
    """A staff member in the admin: signs in, adds activities, publishes and withdraws."""

    def __init__(self, port, username, organiser):
        self.port, self.username, self.organiser = port, username, organiser
        self.reset()

    def reset(self):
        self.conn, self.cookies, self.form = None, {}, None

    def _request(self, method, path, body=None):
        self.conn = self.conn or http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            body = urllib.parse.urlencode(body, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        content = response.read().decode("utf-8", "replace")
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, content

    def _csrf(self, html):
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        return match.group(1) if match else ""

    def ensure_login(self):
        if "sessionid" in self.cookies:
            return
        status, html = self._request("GET", "/admin/login/")
        status, _ = self._request(
            "POST",
            "/admin/login/?next=/admin/",
            {
                "csrfmiddlewaretoken": self._csrf(html),
                "username": self.username,
                "password": "load-staff-password",
                "next": "/admin/",
            },
        )
        if status != 302:
            self.cookies.pop("sessionid", None)
            raise OSError(f"login answered {status}")

    def add(self, title):
        if self.form is None:
            status, html = self._request("GET", "/admin/coordination/outreachevent/add/")
            if status != 200:
                return status
            self.form = _add_form(html, self.organiser)
        status, html = self._request("GET", "/admin/coordination/outreachevent/add/")
        if status != 200:
            return status
        data = {**self.form, "csrfmiddlewaretoken": self._csrf(html), "title": title}
        status, _ = self._request("POST", "/admin/coordination/outreachevent/add/", data)
        return status

    def last_id(self, title):
        from django.db import DatabaseError, connection

        from coordination.models import OutreachEvent

        try:
            return OutreachEvent.objects.filter(title=title).values_list("pk", flat=True).first()
        except DatabaseError:
            connection.close()
            return None

    def toggle(self, ids, publish):
        ids = [pk for pk in ids if pk]
        status, html = self._request("GET", "/admin/coordination/outreachevent/")
        if status != 200:
            return status
        action = "publish_selected" if publish else "withdraw_selected"
        data = {
            "csrfmiddlewaretoken": self._csrf(html),
            "action": action,
            "_selected_action": ids,
            "index": "0",
        }
        status, _ = self._request("POST", "/admin/coordination/outreachevent/", data)
        return status


def _add_form(html, organiser):
    """The values an add form needs, picked from the first choices the form offers."""

    def first_option(name):
        block = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
        values = re.findall(r'<option value="([^"]+)"', block.group(1)) if block else []
        return values[0] if values else ""

    area = re.search(r'name="focus_areas" value="([^"]+)"', html)
    return {
        "description": "Chạy thử tải",
        "activity_type": first_option("activity_type"),
        "agreement": first_option("agreement"),
        "focus_areas": area.group(1) if area else "",
        "organiser": organiser,
        "partner_note": "",
        "province": "",
        "place": "KCN thử",
        "start_date": "15/03/2024",
        "end_date": "",
        "date_precision": "day",
        "sessions": "2",
        "participants": "50",
        "figures_qualifier": "exact",
        "status": "published",
        "external_ref": "",
        "source": "",
        "source_excerpt": "",
        "loaded_version": "",
    }
