"""``mostra ambassadors import`` and the roster page's import form: one line per
account, the lines of one name one member; English and French values; all or nothing
with each problem's line; importing again updates, never duplicates. ``mostra
ambassadors list`` prints each member with their accounts, tiers and figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mostra.ambassadors.cli import ambassadors_group
from mostra.ambassadors.models import Member, MemberAccount, TrackedPost
from mostra.strategy.models import Target

pytestmark = pytest.mark.django_db
EXAMPLE = Path(__file__).parents[2] / "examples" / "ambassadors.csv"
HEADER = "name,kind,network,handle,followers,paid\n"


def run(*args: str):
    return CliRunner().invoke(ambassadors_group, list(args))


@pytest.fixture
def targets(workspace):
    for key, name in [
        ("t-cyclistes-quotidien", "Cyclistes du quotidien"),
        ("t-velotafeurs-influents", "Vélotafeurs influents"),
    ]:
        Target.objects.create(workspace=workspace, key=key, name=name)


def write(tmp_path, text: str, name: str = "roster.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_the_example_is_imported_and_listed(workspace, targets):
    result = run("import", str(EXAMPLE), "--workspace", "fromagerie")
    assert result.exit_code == 0, result.output
    assert "4 members added, 0 updated; 6 accounts added" in result.output
    lea = Member.objects.get(name="Léa Martin")
    assert (lea.kind, lea.compensation, lea.email) == ("influencer", "paid", "lea@example.org")
    assert lea.consent_note == "contract signed (clause 4)" and lea.consent_at.day == 2
    assert sorted(lea.accounts.values_list("network", "handle", "followers")) == [
        ("bluesky", "lea-velo.bsky.example", 42000),
        ("instagram", "lea.velo", 128000),
    ]
    paul = Member.objects.get(name="Paul Girard")  # French values
    assert (paul.kind, paul.compensation, paul.relationship) == ("ambassador", "none", "employee")
    assert sorted(t.key for t in paul.targets.all()) == [
        "t-cyclistes-quotidien",
        "t-velotafeurs-influents",
    ]
    assert paul.accounts.get().profile_url == "https://piaille.example/@paul"

    TrackedPost.objects.create(
        workspace=workspace,
        member=lea,
        network="bluesky",
        network_id="at://lea/1",
        source="url",
        likes=30,
        reposts=5,
        replies=0,
        reach=42000,
    )
    listed = run("list", "--workspace", "fromagerie", "--format", "json")
    assert listed.exit_code == 0, listed.output
    members = {m["name"]: m for m in json.loads(listed.output)["members"]}
    assert members["Léa Martin"]["tier"] == "mid" and members["Léa Martin"]["reach"] == 42000
    assert (members["Léa Martin"]["posts_tracked"], members["Léa Martin"]["engagements"]) == (
        1,
        35,
    )
    assert [a["tier"] for a in members["Léa Martin"]["accounts"]] == ["micro", "mid"]
    assert members["Paul Girard"]["tier"] is None  # 850 followers: under nano
    table = run("list", "--workspace", "fromagerie")
    assert "Léa Martin" in table.output and "Bluesky @lea-velo.bsky.example (42000, Micro)" in (
        table.output
    )


def test_importing_again_updates_without_duplicates(workspace, targets, tmp_path):
    assert run("import", str(EXAMPLE), "--workspace", "fromagerie").exit_code == 0
    changed = EXAMPLE.read_text(encoding="utf-8").replace("42000", "52000")
    again = run("import", write(tmp_path, changed), "--workspace", "fromagerie")
    assert again.exit_code == 0, again.output
    assert "0 members added, 4 updated; 0 accounts added, 6 updated" in again.output
    assert Member.objects.count() == 4 and MemberAccount.objects.count() == 6
    assert MemberAccount.objects.get(
        network="bluesky", handle="lea-velo.bsky.example"
    ).followers == (52000)
    # What the file leaves empty is kept.
    assert Member.objects.get(name="Léa Martin").email == "lea@example.org"


def test_all_or_nothing_with_each_problem_s_line(workspace, targets, tmp_path):
    text = (
        HEADER
        + "Léa Martin,influencer,bluesky,lea.bsky.social,42000,yes\n"
        + "Paul Girard,ambassadeur,mastodon,paul,850,non\n"
        + "Inès Duval,ambassador,instagram,ines,12k,gift\n"
        + "Marc,superstar,tiktok,marc,1000,maybe\n"
        + "Zoé,influencer,myspace,zoe,10,yes\n"
        + "Léa Martin,ambassador,instagram,lea,100,yes\n"
    )
    result = run("import", write(tmp_path, text), "--workspace", "fromagerie")
    assert result.exit_code == 2
    out = result.output
    assert "line 3: Write the Mastodon handle with its server" in out
    assert "line 4: followers “12k” is not a number: write 12000." in out
    assert "line 5: kind “superstar” is not ambassador or influencer" in out
    assert "line 5: paid “maybe” is not yes, gift or no (oui, cadeau, non)." in out
    assert "line 6: “myspace” is not a network mostra knows" in out
    assert "line 7: Léa Martin has another kind on line 2" in out
    assert "nothing was imported" in out
    assert out.index("line 3") < out.index("line 4") < out.index("line 7")
    assert not Member.objects.exists() and not MemberAccount.objects.exists()


def test_missing_columns_unknown_targets_and_taken_accounts(workspace, targets, tmp_path):
    missing = run(
        "import", write(tmp_path, "name,network\nLéa,bluesky\n"), "--workspace", "fromagerie"
    )
    assert missing.exit_code == 2
    assert "line 1: the columns kind, handle, followers, paid are missing" in missing.output
    unknown = run(
        "import",
        write(
            tmp_path,
            "name,kind,network,handle,followers,paid,targets\nLéa,influencer,x,lea,1,yes,retraites\n",
        ),
        "--workspace",
        "fromagerie",
    )
    assert unknown.exit_code == 2 and "line 2: The strategy has no target “retraites”" in (
        unknown.output
    )
    assert run("import", str(EXAMPLE), "--workspace", "fromagerie").exit_code == 0
    taken = run(
        "import",
        write(tmp_path, HEADER + "Quelqu'un,influencer,instagram,@Lea.Velo,10,yes\n"),
        "--workspace",
        "fromagerie",
    )
    assert taken.exit_code == 2
    assert "line 2: lea.velo on instagram is already another member's account" in taken.output
    assert Member.objects.count() == 4


def test_semicolons_and_french_headers(workspace, tmp_path):
    text = "nom;type;réseau;compte;abonnés;payé\nLéa;influenceuse;Instagram;lea;1 500;cadeau\n"
    result = run("import", write(tmp_path, text), "--workspace", "fromagerie")
    assert result.exit_code == 0, result.output
    account = MemberAccount.objects.get()
    assert (account.network, account.followers, account.member.compensation) == (
        "instagram",
        1500,
        "gift",
    )


def test_the_roster_page_imports_with_the_same_service(
    owner_client, teammate_client, outsider_client, workspace, targets
):
    url = reverse("ambassadors:roster_import", args=["fromagerie"])
    bad = HEADER + "Léa,influencer,bluesky,lea.bsky.social,12k,yes\n"
    refused = teammate_client.post(url, {"file": SimpleUploadedFile("r.csv", bad.encode())})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Nothing was imported" in page and "line 2: followers “12k” is not a number" in page
    assert not Member.objects.exists()
    upload = SimpleUploadedFile("ambassadors.csv", EXAMPLE.read_bytes())
    assert outsider_client.post(url, {"file": upload}).status_code == 404
    upload.seek(0)
    done = teammate_client.post(url, {"file": upload}, follow=True)
    assert "Roster imported: 4 members added" in done.content.decode()
    assert Member.objects.count() == 4


def test_a_viewer_cannot_import(workspace, teammate, targets):
    from mostra.core.models import Membership, Role

    Membership.objects.filter(workspace=workspace, user=teammate).update(role=Role.VIEWER)
    result = run("import", str(EXAMPLE), "--workspace", "fromagerie", "--as", "bob@example.org")
    assert result.exit_code == 2
    assert "Only the workspace's editors, managers and owners change" in result.output
    assert not Member.objects.exists()


def test_an_unknown_workspace_is_named(workspace):
    result = run("list", "--workspace", "nowhere")
    assert result.exit_code == 2 and "fromagerie" in result.output
    assert "No member yet" in run("list", "--workspace", "fromagerie").output
