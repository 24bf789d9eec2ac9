"""The editorial charter of a workspace: its tone and the rules every post follows."""

from __future__ import annotations

from typing import Any

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class AddressForm(models.TextChoices):
    """How French posts address the reader."""

    ANY = "any", _("Either (no rule)")
    TU = "tu", _("“tu” (informal)")
    VOUS = "vous", _("“vous” (formal)")


class InclusiveWriting(models.TextChoices):
    """The charter's policy on the point médian (« salarié·es ») and its variants."""

    ALLOWED = "allowed", _("Allowed")
    FORBIDDEN = "forbidden", _("Forbidden: use doublets or epicene words")


class CharterLanguage(models.TextChoices):
    FR = "fr", _("French")
    EN = "en", _("English")


def split_lines(value: str) -> list[str]:
    """The non-empty lines of a text field, trimmed (words, expressions, mentions)."""
    return [line.strip() for line in value.splitlines() if line.strip()]


class Charter(models.Model):
    """One per workspace. A workspace without a saved charter is checked with the
    defaults (an unsaved ``Charter(workspace=ws)``): network limits, the law on
    disclosure, alt text recommended."""

    workspace = models.OneToOneField(
        "core.Workspace", on_delete=models.CASCADE, related_name="charter"
    )
    tone = models.TextField(
        _("tone"),
        blank=True,
        help_text=_("How the brand speaks, in a few sentences: for the team, not checked."),
    )
    address_form = models.CharField(
        _("address form (French)"), max_length=4, choices=AddressForm, default=AddressForm.ANY
    )
    max_caps_ratio = models.PositiveSmallIntegerField(
        _("maximum share of capital letters (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_("Leave empty for no rule. Checked on texts of 20 letters or more."),
    )
    max_exclamations = models.PositiveSmallIntegerField(
        _("maximum exclamation marks per post"),
        null=True,
        blank=True,
        help_text=_("Leave empty for no rule."),
    )
    inclusive_writing = models.CharField(
        _("inclusive writing (point médian)"),
        max_length=10,
        choices=InclusiveWriting,
        default=InclusiveWriting.ALLOWED,
    )
    language = models.CharField(
        _("language of the disclosure mentions"),
        max_length=2,
        choices=CharterLanguage,
        default=CharterLanguage.FR,
    )
    disclosure_mentions = models.TextField(
        _("other accepted commercial mentions"),
        blank=True,
        help_text=_(
            "One per line, besides « Publicité » and « Collaboration commerciale » "
            "(or #ad and #sponsored in English). The law accepts an equivalent mention "
            "adapted to the format."
        ),
    )
    forbidden_words = models.TextField(
        _("forbidden words or expressions (all networks)"),
        blank=True,
        help_text=_("One per line; a * at the end matches any ending (cher* → chère, chers)."),
    )
    required_words = models.TextField(_("required words or expressions (all networks)"), blank=True)
    #: {content type code: [format codes]} from mostra.strategy.catalogue.
    favoured_formats = models.JSONField(_("formats to favour"), default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("editorial charter")

    def __str__(self) -> str:
        return f"charter of {self.workspace_id}"

    @property
    def forbidden_list(self) -> list[str]:
        return split_lines(self.forbidden_words)

    @property
    def required_list(self) -> list[str]:
        return split_lines(self.required_words)

    @property
    def disclosure_list(self) -> list[str]:
        return split_lines(self.disclosure_mentions)

    def rules_by_network(self) -> dict[str, Any]:
        """The per-network rules, read once (prefetched by the checks)."""
        cached = getattr(self, "_rules_by_network", None)
        if cached is None:
            if self.pk is None:
                return {}
            cached = {rule.network: rule for rule in self.network_rules.all()}
            self._rules_by_network = cached
        return cached
