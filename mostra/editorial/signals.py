"""What the editorial layer announces to the layers above it (notifications, home page).

Sent after the change is committed (``transaction.on_commit``), so a receiver never sees
a change that was rolled back. Changes of a post's status are announced by the
workflow's hooks (:data:`mostra.editorial.workflow.HOOKS`), not here.
"""

from __future__ import annotations

from django.dispatch import Signal

#: A comment was written on a post. Arguments: ``comment`` (a PostComment) and
#: ``mentioned`` (the ids of the workspace members named with ``@name``, author excluded).
comment_posted = Signal()
