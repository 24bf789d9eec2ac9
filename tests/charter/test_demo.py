"""The demo charter: vous, five hashtags on Instagram, few emoji on LinkedIn, tracked links."""

from __future__ import annotations

from mostra.charter.checks import check_variant
from mostra.charter.demo import seed_demo_charter
from mostra.core.models import AuditEvent


def test_demo_charter(owner_membership, workspace) -> None:
    charter = seed_demo_charter(workspace)
    rules = charter.rules_by_network()
    assert charter.address_form == "vous"
    assert rules["instagram"].max_hashtags == 5
    assert rules["linkedin"].emoji_max == 3
    assert all(r.utm_required and r.alt_text_required for r in rules.values())
    assert AuditEvent.objects.filter(workspace=workspace, object_type="charter").exists()
    findings = check_variant(
        workspace, "linkedin", "Nos vélos pas cher 🚲🚲🚲🚲 : viens avec ton vélo !"
    )
    assert {"word_forbidden", "emoji_max", "address_form"} <= {f.code for f in findings}


def test_demo_workspace_gets_its_charter(owner) -> None:
    from mostra.core.demo import build_demo

    workspace = build_demo(owner)
    charter = seed_demo_charter(workspace)
    assert set(charter.rules_by_network()) == {"instagram", "facebook", "linkedin"}
    post = "Venez faire réviser votre vélo samedi à l’atelier 🚲 #velo #lyon"
    assert check_variant(workspace, "facebook", post) == []
