"""The reports app's models (one a file, re-exported here)."""

from mostra.reports.models.report_schedule import Frequency, ReportSchedule, split_recipients

__all__ = ["Frequency", "ReportSchedule", "split_recipients"]
