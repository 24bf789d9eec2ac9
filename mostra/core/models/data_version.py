from __future__ import annotations

from django.db import models


class DataVersion(models.Model):
    """When a workspace's data last changed, as a number that only grows: the key of the
    figures computed from it (:mod:`mostra.core.figures_cache`). Workspace 0 is every
    workspace: a change whose workspace is not known at once moves it.

    Not a foreign key: the row is written after the change's transaction has committed,
    by an upsert, and a deleted workspace's row is harmless."""

    workspace_id = models.PositiveBigIntegerField(primary_key=True)
    stamp = models.BigIntegerField()

    class Meta:
        db_table = "core_dataversion"

    def __str__(self) -> str:
        return f"{self.workspace_id}: {self.stamp}"
