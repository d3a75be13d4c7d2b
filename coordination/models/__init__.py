from . import accounts  # noqa: F401  (registers the staff accounts' history)
from .accounts import StaffProfile
from .agreements import Agreement, Award, FocusArea, KeyFigure, Signatory, Source
from .branches import StaffAssignment, UnionBranch
from .events import ActivityType, OutreachEvent
from .geography import Province
from .pages import ContentVersion
from .reviews import PendingChange
from .tallies import ActivityCube, ActivityTally

__all__ = [
    "ActivityCube",
    "ActivityTally",
    "ActivityType",
    "ContentVersion",
    "Agreement",
    "Award",
    "FocusArea",
    "KeyFigure",
    "OutreachEvent",
    "PendingChange",
    "Province",
    "Signatory",
    "Source",
    "StaffAssignment",
    "StaffProfile",
    "UnionBranch",
]
