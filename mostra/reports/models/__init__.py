"""The reports app's models (one a file, re-exported here)."""

from mostra.reports.models.report_commentary import ReportCommentary
from mostra.reports.models.report_schedule import Frequency, ReportSchedule, split_recipients

__all__ = ["Frequency", "ReportCommentary", "ReportSchedule", "split_recipients"]
