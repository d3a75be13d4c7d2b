"""The history of staff accounts: every change to a user, with who made it."""

from django.contrib.auth import get_user_model
from simple_history import register

# The password hash is left out: old hashes kept forever would be old passwords to crack.
# A password change still leaves a row (with its reason), so it is seen and dated.
register(
    get_user_model(),
    app="coordination",
    m2m_fields=["groups"],
    excluded_fields=["password"],
)
