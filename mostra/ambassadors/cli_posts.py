"""``mostra ambassadors check-post``: whether a member's text discloses the collaboration.

No workspace needed: the law's wording (:mod:`mostra.ambassadors.services.compliance`).
Exit status 0 when compliant (or not concerned: an unpaid post), 1 with each rule quoted
when the mention is missing or hidden, 2 on bad usage (no text, an unknown network).
"""

from __future__ import annotations

import sys

import click

from mostra.core.cli_support import setup_django

#: Exit status when the post is not compliant.
NOT_COMPLIANT = 1


def _read_text(text: str | None) -> str:
    if text is not None:
        return text
    from django.utils.translation import gettext as _

    stdin = sys.stdin
    if stdin is None or stdin.isatty():
        raise click.UsageError(_("Give the TEXT to check, or pipe it on standard input."))
    data = stdin.read()
    return data[:-1] if data.endswith("\n") else data


@click.command("check-post")
@click.option("--network", required=True, metavar="NAME", help="The network's code: bluesky…")
@click.option("--paid", "compensation", flag_value="paid", help="A paid collaboration.")
@click.option("--gift", "compensation", flag_value="gift", help="A gift (an in-kind benefit).")
@click.option(
    "--lang",
    type=click.Choice(["fr", "en"]),
    help="The post's language (default: detected, else French).",
)
@click.option("--retouched", is_flag=True, help="The image is retouched.")
@click.option("--virtual", is_flag=True, help="The image is AI-generated.")
@click.argument("text", required=False)
def check_post(
    network: str,
    compensation: str | None,
    lang: str | None,
    retouched: bool,
    virtual: bool,
    text: str | None,
) -> None:
    """Check TEXT (or standard input), a programme member's post, for the disclosure.

    Without --paid or --gift the post is unpaid: nothing is asked. Exit status 1 with
    the rule quoted when the mention is missing or hidden, 0 when compliant.

    \b
    Example:
        mostra ambassadors check-post --network instagram --paid "Merci Cycles Martin !"
        echo "#ad Loving my new bike" | mostra ambassadors check-post --network bluesky --gift
    """
    setup_django()
    from django.utils.translation import gettext as _

    from mostra.ambassadors.models import Compensation
    from mostra.ambassadors.services.compliance import check_text
    from mostra.strategy import networks

    if networks.get(network) is None:
        raise click.BadParameter(
            _("unknown network “%(network)s”. Valid networks: %(networks)s.")
            % {"network": network, "networks": ", ".join(networks.NETWORKS)},
            param_hint="--network",
        )
    body = _read_text(text)
    result = check_text(
        body,
        compensation or Compensation.NONE,
        language=lang or "",
        image_retouched=retouched,
        image_virtual=virtual,
    )
    if not result.findings:
        if compensation:
            click.echo(_("Compliant"))
        else:
            click.echo(_("Compliant: an unpaid post needs no commercial mention."))
        return
    click.echo(_("Not compliant"))
    for finding in result.findings:
        click.echo(f"\n{finding.code}: {finding.message}")
        click.echo(_("Rule: %(rule)s") % {"rule": finding.rule})
    sys.exit(NOT_COMPLIANT)
