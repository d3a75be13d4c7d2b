"""Admin phrases that Django's own Vietnamese catalogue lacks (it has no plural for these).

Listed here so makemessages puts them in our catalogue, which takes precedence.
"""

from django.utils.translation import ngettext_lazy

PLEASE_CORRECT = ngettext_lazy(
    "Please correct the error below.", "Please correct the errors below.", 1
)
