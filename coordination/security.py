"""Login throttling (django-axes): limits per account and per address, the client's address,
and the page a refused login gets."""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from django.conf import settings
from django.contrib import admin
from django.db.models import Sum
from django.shortcuts import render
from django.utils.translation import gettext as _


def client_ip(request):
    """The client's address from the one header settings.CLIENT_IP_HEADER names.

    A forwarded-for list may carry addresses the client wrote itself: only its last entry,
    the one our own proxy appended, is believed.
    """
    value = request.META.get(settings.CLIENT_IP_HEADER) or request.META.get("REMOTE_ADDR", "")
    return value.split(",")[-1].strip()[:45] or None


class AccountAndAddressHandler(AxesDatabaseHandler):
    """Axes holds every lockout parameter to one limit; an account gets AXES_FAILURE_LIMIT
    failures and an address (shared by a whole office behind one gateway) more."""

    def get_failures(self, request, credentials=None):
        by_account, by_address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if by_address >= settings.LOGIN_FAILURES_PER_ADDRESS:
            return max(by_account, settings.AXES_FAILURE_LIMIT)
        return by_account

    def reset_user_attempts(self, request, credentials=None):
        # A success clears that account's failures only: the address's count stays, or one
        # valid account would let its holder keep guessing the others' passwords.
        username = get_client_username(request, credentials)
        count, _ = (
            self.filter_user_attempts(request, credentials)[0].filter(username=username).delete()
        )
        return count


def lockout_response(request, original_response=None, credentials=None):
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    # Rendered here: the axes middleware answers after the template-response phase.
    return render(
        request,
        "admin/locked_out.html",
        {
            **admin.site.each_context(request),
            "title": _("Sign-in temporarily refused"),
            "message": _(
                "Too many wrong passwords for this account or from this address. Sign-in is "
                "refused, even with the right password, for %(minutes)d minutes after the last "
                "attempt. If you need access sooner, ask an administrator to unlock the account."
            )
            % {"minutes": minutes},
        },
        status=429,
    )
