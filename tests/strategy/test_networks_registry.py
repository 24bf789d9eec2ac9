"""One network registry: each network's facts are declared once, in mostra/strategy/networks.py.

The grep-like test reads every module of mostra and refuses a literal collection (list,
tuple, set, dict keys) naming two network codes or more anywhere but the registry: a
second list of networks is how a new network ends up known to one page and not another.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from mostra.strategy import catalogue, networks

ROOT = Path(__file__).resolve().parents[2] / "mostra"
REGISTRY = ROOT / "strategy" / "networks.py"
#: Modules allowed to hold several network codes, and why. Demo data is sample content;
#: the Meta provider's OAuth scopes are what Meta asks for each of its networks.
ALLOWED = {
    "strategy/demo.py": "sample strategy content",
    "charter/demo.py": "sample charter rules",
    "analytics/demo.py": "the formats the demo's sample posts take",
    "integrations/meta/auth.py": "the OAuth scopes Meta asks for each of its networks",
    "integrations/oauth_providers.py": "OAuth providers' names (keys are providers)",
}


def literal_network_lists(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Dict):
            items = node.keys
        elif isinstance(node, ast.List | ast.Tuple | ast.Set):
            items = node.elts
        else:
            continue
        codes = {
            i.value for i in items if isinstance(i, ast.Constant) and i.value in networks.NETWORKS
        }
        if len(codes) >= 2:
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} {sorted(codes)}")
    return found


def test_no_module_but_the_registry_lists_network_codes():
    offending = []
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if path == REGISTRY or "migrations" in path.parts or relative in ALLOWED:
            continue
        offending += literal_network_lists(path)
    assert offending == [], (
        "Declare network facts in mostra/strategy/networks.py and derive from it: "
        + "; ".join(offending)
    )


def test_the_detector_sees_a_second_list():
    assert literal_network_lists(REGISTRY)  # the registry itself is full of them


def test_every_network_is_whole_and_unique():
    codes = [n.code for n in networks.all_networks()]
    assert len(codes) == len(set(codes)) == 15
    marks = [n.mark for n in networks.all_networks()]
    assert len(marks) == len(set(marks))
    for network in networks.all_networks():
        assert network.label and network.colour.startswith("#") and len(network.colour) == 7
        assert not network.oauth_provider or network.connect == "oauth"
        if network.post_url is not None:
            assert catalogue.post_url_id(network.code, network.post_url.example) is not None


def test_everything_derives_from_the_registry():
    from mostra.charter.checks.thread import supports_threads
    from mostra.charter.instance_limits import PER_INSTANCE
    from mostra.charter.limits import all_limits
    from mostra.editorial.services.preview import LINK_DROPPED_WITH_MEDIA, SEE_MORE
    from mostra.publishing.services.leases import NETWORKS as LEASES
    from mostra.strategy.checks.audience import PLATFORM_CODES

    assert list(catalogue.NETWORKS) == list(networks.NETWORKS) == list(all_limits())
    assert catalogue.network_label("x") == "X (Twitter)" == all_limits()["x"].label
    assert catalogue.network_label("unknown") == "unknown"
    assert SEE_MORE == {"facebook": 480, "instagram": 125, "linkedin": 210}
    assert LINK_DROPPED_WITH_MEDIA == {"bluesky"} and PER_INSTANCE == {"mastodon"}
    assert set(LEASES) == set(networks.where(connect="oauth") + networks.where(connect="form"))
    assert [n for n in networks.NETWORKS if supports_threads(n)] == [
        "x",
        "threads",
        "bluesky",
        "mastodon",
    ]
    assert PLATFORM_CODES["twitter"] == PLATFORM_CODES["x (twitter)"] == "x"
    assert PLATFORM_CODES["x/twitter"] == "x" and "messenger" not in PLATFORM_CODES


@pytest.mark.parametrize("network", ["bluesky", "mastodon", "x", "threads"])
def test_an_integration_supports_threads_as_its_network_says(network):
    import importlib

    from mostra.integrations.base import REGISTRY

    importlib.import_module(f"mostra.integrations.{network}")
    assert REGISTRY[network].supports_threads is True


def test_an_integration_of_a_network_without_threads():
    import mostra.integrations.linkedin  # noqa: F401
    from mostra.integrations.base import REGISTRY

    assert REGISTRY["linkedin"].supports_threads is False
