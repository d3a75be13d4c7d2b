# The English interface keeps the Vietnamese day/month/year order so dates never flip.
from config.formats.vi.formats import *  # noqa: F403

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
