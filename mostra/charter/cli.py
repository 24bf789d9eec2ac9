"""``mostra post check``: the charter's and the network's findings for a text.

Exit status: 0 when nothing blocks (warnings and notes may be printed), 1 when a
finding is an error, 2 on bad usage (an unknown network or workspace, no text).
"""

from __future__ import annotations

import sys

import click

from mostra.core.cli_support import setup_django, workspace_option

#: Exit status when a finding is an error.
HAS_ERRORS = 1


def _read_text(text: str | None) -> str:
    if text is not None:
        return text
    stdin = sys.stdin
    if stdin is None or stdin.isatty():
        from django.utils.translation import gettext as _

        raise click.UsageError(_("Give the TEXT to check, or pipe it on standard input."))
    data = stdin.read()
    return data[:-1] if data.endswith("\n") else data


@click.group(name="post")
def post_group() -> None:
    """Posts from the command line: check a text, create a post."""


@post_group.command("check")
@click.option("--network", required=True, metavar="NAME", help="The network's code: bluesky, x…")
@click.option(
    "--workspace",
    "slug",
    metavar="SLUG",
    help="Check against this workspace's charter too (else: network limits and the law).",
)
@click.option("--link", default="", metavar="URL", help="The post's link.")
@click.option("--first-comment", default="", help="The first comment, where the network has one.")
@click.option("--sponsored", is_flag=True, help="Sponsored or influencer content.")
@click.option("--retouched", is_flag=True, help="The image is retouched.")
@click.option("--virtual", is_flag=True, help="The image is AI-generated.")
@click.option("--sensitive", is_flag=True, help="The post is sensitive.")
@click.option(
    "--language",
    type=click.Choice(["fr", "en"]),
    help="Language of the disclosure rules without a workspace (default: fr).",
)
@click.argument("text", required=False)
def check(
    network: str,
    slug: str | None,
    link: str,
    first_comment: str,
    sponsored: bool,
    retouched: bool,
    virtual: bool,
    sensitive: bool,
    language: str | None,
    text: str | None,
) -> None:
    """Print the findings on TEXT (or standard input) for one network.

    Each line gives the severity, the finding's code and what to change; the last
    line is the length, counted the network's way. Exit status 1 when there is an
    error, 0 otherwise.

    \b
    Example:
        mostra post check --network bluesky "Nouvel atelier samedi 🚲"
        echo "Publicité · …" | mostra post check --network instagram --sponsored
        mostra post check --network linkedin --workspace demo --link https://… "…"
    """
    setup_django()
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    from mostra.charter.checks.thread import measure
    from mostra.charter.limits import UnknownNetwork, limits_for
    from mostra.strategy.catalogue import NETWORKS

    try:
        limits = limits_for(network)
    except UnknownNetwork as exc:
        raise click.BadParameter(
            _("unknown network “%(network)s”. Valid networks: %(networks)s.")
            % {"network": network, "networks": ", ".join(NETWORKS)},
            param_hint="--network",
        ) from exc
    body = _read_text(text)
    from mostra.charter.checks import blocking, check_variant, load_charter
    from mostra.charter.checks.network import counting_note
    from mostra.charter.instance_limits import text_max_for
    from mostra.charter.models import Charter

    text_max = None
    if slug:
        workspace = workspace_option(slug)
        charter = load_charter(workspace)
        text_max = text_max_for(workspace, network)
        limits = limits_for(network, text_max=text_max)
    else:
        charter = Charter(language=language or "fr")
    if language:
        charter.language = language
    findings = check_variant(
        None,
        network,
        body,
        link=link,
        first_comment=first_comment,
        media=(),
        sponsored=sponsored,
        image_retouched=retouched,
        image_virtual=virtual,
        sensitive=sensitive,
        charter=charter,
        text_max=text_max,
    )
    for finding in findings:
        click.echo(f"{finding.severity:<8} {finding.code:<28} {finding.message}")
    measured, parts = measure(limits, body)
    line = _("%(network)s: %(count)d / %(limit)d (%(note)s)") % {
        "network": limits.label,
        "count": measured.count,
        "limit": measured.limit,
        "note": counting_note(limits),
    }
    if measured.bytes_max:
        line += ", " + _("%(bytes)s / %(max)s bytes") % {
            "bytes": measured.bytes,
            "max": measured.bytes_max,
        }
    if parts > 1:
        line += ", " + ngettext(
            "a thread of %(parts)d post, the longest part counted",
            "a thread of %(parts)d posts, the longest part counted",
            parts,
        ) % {"parts": parts}
    click.echo(line)
    if blocking(findings):
        sys.exit(HAS_ERRORS)
