"""What listening announces to the layers above it (notifications).

Sent after the change is committed (``transaction.on_commit``).
"""

from __future__ import annotations

from django.dispatch import Signal

#: An incident was opened, or escalated to a higher level. Arguments: ``incident``
#: and ``escalated`` (bool).
incident_raised = Signal()
