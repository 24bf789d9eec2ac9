"""Write the example archives of the README's walk-through (examples/), reproducibly.

Two X archives and two Mastodon archives, fictitious and CC0: « Atelier Exemple »
(about 40 % reposts on X, 30 % boosts on Mastodon) and its competitor « Roue Libre »
(about 70 % and 60 %), from September to November 2026. Run from the repository root:
``.venv/bin/python scripts/make_examples.py``.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import zipfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.analytics.fixtures.builders import (  # noqa: E402
    write_mastodon_archive,
    write_x_archive,
)

EXAMPLES = ROOT / "examples"
START = date(2026, 9, 1)


def zip_folder(folder: Path, target: Path) -> None:
    """A zip like the one X sends: the archive's folder, files in a stable order."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                info = zipfile.ZipInfo(str(path.relative_to(folder)), (2026, 11, 30, 12, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, path.read_bytes())


def main() -> None:
    EXAMPLES.mkdir(exist_ok=True)
    x_accounts = (
        ("x-archive-atelier.zip", "atelier_exemple", 0.40, 11, "1111111111"),
        ("x-archive-roue-libre.zip", "roue_libre_exemple", 0.70, 12, "2222222222"),
    )
    for name, handle, share, seed, account_id in x_accounts:
        with tempfile.TemporaryDirectory() as tmp:
            folder = write_x_archive(
                Path(tmp) / "archive", handle, 400, share, 0.1, START, seed,
                account_id=account_id,
            )  # fmt: skip
            zip_folder(folder, EXAMPLES / name)
            shutil.rmtree(folder)
    mastodon_accounts = (
        ("mastodon-archive-atelier.tar.gz", "atelier@mastodon.example", 0.30, 21),
        ("mastodon-archive-roue-libre.tar.gz", "rouelibre@mastodon.example", 0.60, 22),
    )
    for name, acct, share, seed in mastodon_accounts:
        write_mastodon_archive(EXAMPLES / name, acct, 300, share, 0.1, START, seed)
    for path in sorted(EXAMPLES.iterdir()):
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size:,} bytes")  # noqa: T201


if __name__ == "__main__":
    main()
