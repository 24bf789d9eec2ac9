"""The keys of secrets at rest, checked against what the database holds.

A backup restored without its ``secret_key`` file, or a start with other
``MOSTRA_ENCRYPTION_KEYS``, leaves tokens and passwords that no configured key
decrypts. :func:`unreadable` finds them (every :class:`~mostra.core.crypto.EncryptedJSONField`
of every model); ``mostra up``, ``serve`` and ``worker`` refuse to start while there are
any (:func:`check_at_start`), with the way out in words; ``mostra secrets
forget-unreadable`` (:func:`forget_unreadable`) clears them when the key is lost for good,
each model saying how (``forget_unreadable_secret``): an account then needs reconnecting,
a person's authenticator app is removed (two-factor authentication off).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mostra.core.crypto import EncryptedJSONField, UnreadableSecret


@dataclass(frozen=True)
class Unreadable:
    """The secrets of one column that no configured key decrypts."""

    model: type[models.Model]
    field: str
    ids: tuple[object, ...]

    @property
    def label(self) -> str:
        return f"{self.model._meta.verbose_name_plural} ({self.field})"


def encrypted_columns() -> Iterator[tuple[type[models.Model], EncryptedJSONField]]:
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedJSONField):
                yield model, field


def unreadable() -> list[Unreadable]:
    """Every column holding secrets that the configured keys cannot decrypt."""
    found = []
    for model, field in encrypted_columns():
        rows = model._default_manager.exclude(**{f"{field.name}__isnull": True}).exclude(
            **{field.name: ""}
        )
        ids = tuple(
            pk
            for pk, value in rows.values_list("pk", field.name).iterator()
            if isinstance(value, UnreadableSecret)
        )
        if ids:
            found.append(Unreadable(model, field.name, ids))
    return found


def key_sources() -> str:
    """Where this mostra's keys come from, in words, for a message."""
    if getattr(settings, "MOSTRA_ENCRYPTION_KEYS", ()):
        return _("the keys of MOSTRA_ENCRYPTION_KEYS")
    key_file = settings.CONFIG.data_dir / "secret_key"
    return _("the key derived from MOSTRA_SECRET_KEY (or the file %(file)s)") % {"file": key_file}


def refusal(found: list[Unreadable]) -> str:
    """Why mostra does not start, and what to do, in words."""
    count = sum(len(u.ids) for u in found)
    return ngettext(
        "%(count)d stored secret (%(where)s) cannot be decrypted with %(keys)s: it was "
        "encrypted with another key. Restore the secret_key file that goes with this "
        "database (a backup made by `mostra backup` holds it), or add the old key to "
        "MOSTRA_ENCRYPTION_KEYS. If that key is lost for good, run `mostra secrets "
        "forget-unreadable`: the accounts concerned will need reconnecting, and "
        "two-factor authentication is turned off for the people whose authenticator app "
        "it was.",
        "%(count)d stored secrets (%(where)s) cannot be decrypted with %(keys)s: they were "
        "encrypted with another key. Restore the secret_key file that goes with this "
        "database (a backup made by `mostra backup` holds it), or add the old key to "
        "MOSTRA_ENCRYPTION_KEYS. If that key is lost for good, run `mostra secrets "
        "forget-unreadable`: the accounts concerned will need reconnecting, and "
        "two-factor authentication is turned off for the people whose authenticator app "
        "it was.",
        count,
    ) % {
        "count": count,
        "where": ", ".join(f"{u.label}: {len(u.ids)}" for u in found),
        "keys": key_sources(),
    }


def check_at_start() -> str | None:
    """The refusal to print when secrets are unreadable, else None."""
    found = unreadable()
    return refusal(found) if found else None


def forget_unreadable() -> int:
    """Clear every unreadable secret, as each model says; return how many."""
    count = 0
    with transaction.atomic():
        for item in unreadable():
            for instance in item.model._default_manager.filter(pk__in=item.ids):
                forget = getattr(instance, "forget_unreadable_secret", None)
                if forget is not None:
                    forget(item.field)
                else:
                    field = instance._meta.get_field(item.field)
                    if not field.null:
                        raise ValueError(f"{item.label} cannot be forgotten")  # a model's bug
                    setattr(instance, item.field, None)
                    instance.save(update_fields=[item.field])
                count += 1
    return count
