"""What listening announces to the layers above it (notifications).

Sent after the change is committed (``transaction.on_commit``).
"""

from __future__ import annotations

from django.dispatch import Signal

#: An incident was opened, or escalated to a higher level. Arguments: ``incident``
#: and ``escalated`` (bool); ``again`` (bool, absent meaning False) when a trigger fired
#: again on the open, unacknowledged incident (a reminder, at most once an hour).
incident_raised = Signal()

#: Inbox mentions were assigned to a member by someone else (one assignment, or one
#: bulk action). Arguments: ``workspace_id``, ``assignee_id``, ``actor`` (the user who
#: assigned) and ``mention_ids`` (the mentions newly assigned to them, in order).
mentions_assigned = Signal()
