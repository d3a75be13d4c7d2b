from .agreements import Agreement, Award, FocusArea, KeyFigure, Signatory, Source
from .branches import StaffAssignment, UnionBranch
from .events import ActivityType, OutreachEvent
from .geography import Province

__all__ = [
    "ActivityType",
    "Agreement",
    "Award",
    "FocusArea",
    "KeyFigure",
    "OutreachEvent",
    "Province",
    "Signatory",
    "Source",
    "StaffAssignment",
    "UnionBranch",
]
