"""The languages a workspace listens in.

mostra has no list of languages per workspace: the one language a workspace declares is
its charter's (``Charter.language``, French by default, the language of its commercial
mentions). Listening takes that language plus English, the language of most of what is
said about any brand online; a workspace without a saved charter is French plus English,
as its charter's default.
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist

#: A workspace without a saved charter: the charter's default language.
DEFAULT_LANGUAGE = "fr"
#: Always listened to, beside the charter's language.
ALSO = "en"


def workspace_languages(workspace: object) -> tuple[str, ...]:
    """The ISO 639-1 codes listened to in ``workspace``: its charter's language first,
    then English."""
    try:
        charter = workspace.charter  # type: ignore[attr-defined]
    except (ObjectDoesNotExist, AttributeError):
        charter = None
    first = (getattr(charter, "language", "") or DEFAULT_LANGUAGE).lower()
    return tuple(dict.fromkeys((first, ALSO)))
