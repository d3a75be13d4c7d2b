from .health import healthz  # noqa: F401
from .public import (  # noqa: F401
    agreement_detail,
    branch_detail,
    branch_list,
    event_detail,
    event_list,
    favicon,
    home,
    open_data,
    province_detail,
    province_list,
)
from .report import periodic_report  # noqa: F401
from .reporting import dashboard, export_csv, export_xlsx  # noqa: F401
