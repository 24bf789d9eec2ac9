"""The call path Facebook, Instagram and Threads share: a fresh token, one Graph call,
Meta's errors turned into mostra's."""

from __future__ import annotations

from typing import Any, ClassVar

from mostra.integrations.base import Integration
from mostra.integrations.calls import api_call
from mostra.integrations.meta.graph import checked
from mostra.integrations.store import store


class GraphAccount(Integration):
    """An account on one of Meta's Graph APIs; subclasses set ``label`` and ``url``."""

    label: ClassVar[str]
    #: Builds the full address of a Graph path (``graph_url`` or ``threads_url``).
    url: ClassVar[staticmethod[[str], str]]

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {store().fresh_access_token(self.account, self.client)}"}

    def _call(
        self, method: str, path: str, *, mutation: bool = False, **options: Any
    ) -> dict[str, Any]:
        response = api_call(
            self.client,
            method,
            type(self).url(path),
            label=self.label,
            mutation=mutation,
            headers=self._headers(),
            **options,
        )
        return checked(response, self.label)
