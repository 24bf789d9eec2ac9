"""Benchmark: reading a listening tool's export (Brandwatch CSV, Talkwalker XLSX) as items.

    .venv/bin/python bench/listening_exports.py [--rows 20000] [--runs 5] [--store]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<throw-away db> .venv/bin/python \
        bench/listening_exports.py --store

Builds an export of ``--rows`` mentions in memory (Brandwatch's columns and lines above
the header, tweets and articles in French and English; the same rows as a Talkwalker
workbook) and times :func:`mostra.listening.exports.read_export` on it, interleaved with
a baseline doing comparable work with the standard library alone: decoding the bytes,
splitting the CSV into cells (``csv.reader``) and reading each row's date
(``datetime.fromisoformat``) and counts (``int``) — no header recognised, no cell
checked, no item built. The XLSX's baseline is openpyxl reading the same sheet's cells
(``iter_rows(values_only=True)``), which the import does first.

With ``--store``, also the whole import (:func:`mostra.listening.services.imports.
import_export`: reading the CSV, then storing its mentions with the audit entry in one
transaction) into a fresh workspace each run, on a migrated throw-away SQLite database
(or the PostgreSQL one ``DATABASE_URL`` names), against the reading alone.

Prints the rows per second of each and their ratio, wall and CPU.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import sys
from datetime import UTC, datetime, timedelta

from timing import ROOT, Comparison, bench_user, compare, emit, report, set_up_django

HEADER = [
    "Query Id", "Query Name", "Resource Id", "Date", "Title", "Url", "Domain", "Page Type",
    "Engagement Type", "Author", "Full Text", "Snippet", "Twitter Followers", "Reach (new)",
    "Impressions", "Language", "Country Code", "Sentiment", "Thread Id",
]  # fmt: skip
TALKWALKER = [
    "published", "url", "title", "content", "lang", "source_type", "domain_url", "post_type",
    "extra_author_attributes.short_name", "extra_author_attributes.followers_count", "reach",
    "engagement", "sentiment",
]  # fmt: skip
WORDS = (
    "atelier vélo réparation freins chaîne crevaison super merci service rapide cher "
    "lent fermé ouvert quartier great repair shop bike thanks slow closed friendly"
).split()


def rows(count: int, seed: int = 7) -> list[list[str]]:
    rng = random.Random(seed)
    start = datetime(2024, 3, 1, tzinfo=UTC)
    made = []
    for n in range(count):
        tweet = rng.random() < 0.7
        when = start + timedelta(seconds=37 * n)
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 30)))
        made.append(
            [
                "2001234567", "Atelier vélo", f"res-{n}", when.strftime("%Y-%m-%d %H:%M:%S.0"),
                "" if tweet else text[:60],
                f"https://twitter.com/u{n % 997}/status/{1765000000000000000 + n}"
                if tweet else f"https://www.example{n % 50}.fr/article/{n}",
                "twitter.com" if tweet else f"example{n % 50}.fr",
                "twitter" if tweet else "news",
                rng.choice(["", "", "REPLY", "RETWEET", "QUOTE"]) if tweet else "",
                f"u{n % 997}", text, "",
                str(rng.randint(0, 50000)) if tweet else "", str(rng.randint(0, 200000)),
                str(rng.randint(0, 400000)), rng.choice(["fr", "en"]), rng.choice(["fr", "us"]),
                rng.choice(["positive", "negative", "neutral"]), "",
            ]
        )  # fmt: skip
    return made


def brandwatch_csv(body: list[list[str]]) -> bytes:
    out = io.StringIO()
    out.write("Brandwatch Consumer Research\r\nReport:,Mentions\r\nFrom:,2024-03-01\r\n\r\n")
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(body)
    return out.getvalue().encode("utf-8-sig")


def talkwalker_xlsx(body: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Results")
    sheet.append(TALKWALKER)
    for row in body:
        when = datetime.strptime(row[3], "%Y-%m-%d %H:%M:%S.0")
        sheet.append([when, row[5], row[4] or None, row[10], row[15], row[7].upper(),
                      f"http://{row[6]}/", row[8] or None, row[9],
                      int(row[12]) if row[12] else None, int(row[13]), 3, 1])  # fmt: skip
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def baseline_csv(data: bytes) -> int:
    """The standard library's share of the work: decode, split, read dates and counts."""
    text = data.decode("utf-8-sig")
    lines = text.splitlines()[5:]
    read = 0
    for cells in csv.reader(lines):
        datetime.fromisoformat(cells[3])
        for index in (12, 13, 14):
            if cells[index]:
                int(cells[index])
        read += 1
    return read


def baseline_xlsx(data: bytes) -> int:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    read = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
    book.close()
    return read


def time_store(data: bytes, count: int, runs: int) -> tuple[Comparison, str]:
    """The whole import into a fresh workspace each run, against the reading alone."""
    from django.db import connection

    from mostra.core.models import Membership
    from mostra.core.services.workspaces import create_workspace
    from mostra.listening.exports import read_export
    from mostra.listening.services.imports import import_export

    user = bench_user()
    tag = os.getpid()
    members = iter(
        Membership.objects.get(
            workspace=create_workspace(user, f"Bench {n}", slug=f"bench-listen-{tag}-{n}"),
            user=user,
        )
        for n in range(runs + 1)
    )

    def store() -> None:
        outcome = import_export(next(members), data, "bench.csv")
        assert outcome.stored == count, outcome

    try:
        return compare(store, lambda: read_export(data, "bench.csv"), runs), connection.vendor
    finally:
        from mostra.core.models import Workspace

        Workspace.objects.filter(slug__startswith=f"bench-listen-{tag}-").delete()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--store", action="store_true", help="also time the whole import")
    args = parser.parse_args()
    if args.store:
        set_up_django()
    else:
        sys.path.insert(0, str(ROOT))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mostra.settings")
        import django

        django.setup()
    from mostra.listening.exports import read_export

    body = rows(args.rows)
    csv_data, xlsx_data = brandwatch_csv(body), talkwalker_xlsx(body)
    assert len(read_export(csv_data, "bw.csv").items) == args.rows
    assert len(read_export(xlsx_data, "tw.xlsx").items) == args.rows

    csv_cmp = compare(
        lambda: read_export(csv_data, "bw.csv"), lambda: baseline_csv(csv_data), args.runs
    )
    report(
        f"Brandwatch CSV, {args.rows} rows ({len(csv_data) // 1024} KB)",
        csv_cmp,
        baseline="csv.reader, dates and counts",
    )
    xlsx_cmp = compare(
        lambda: read_export(xlsx_data, "tw.xlsx"), lambda: baseline_xlsx(xlsx_data), args.runs
    )
    report(
        f"Talkwalker XLSX, {args.rows} rows ({len(xlsx_data) // 1024} KB)",
        xlsx_cmp,
        baseline="openpyxl reading the cells",
    )

    def per_s(ms: float) -> float:
        return round(args.rows / (ms / 1000), 1)

    csv_rate, xlsx_rate = per_s(csv_cmp.median_ms), per_s(xlsx_cmp.median_ms)
    print(f"CSV: {csv_rate:,.0f} rows/s; XLSX: {xlsx_rate:,.0f} rows/s")
    stored: dict[str, object] = {}
    if args.store:
        store_cmp, vendor = time_store(csv_data, args.rows, args.runs)
        report(
            f"Import into {vendor}, {args.rows} rows",
            store_cmp,
            baseline="reading the CSV alone",
        )
        stored = {
            "database": vendor,
            "store_rate_per_s": per_s(store_cmp.median_ms),
            "store_cpu_rate_per_s": per_s(store_cmp.cpu_ms),
            "store_ratio": round(store_cmp.ratio, 3),
        }
    emit(
        "listening_exports",
        rows=args.rows,
        csv_rate_per_s=per_s(csv_cmp.median_ms),
        baseline_csv_rate_per_s=per_s(csv_cmp.baseline_ms),
        csv_ratio=round(csv_cmp.ratio, 3),
        csv_cpu_ratio=round(csv_cmp.cpu_ratio, 3),
        csv_cpu_rate_per_s=per_s(csv_cmp.cpu_ms),
        xlsx_rate_per_s=per_s(xlsx_cmp.median_ms),
        baseline_xlsx_rate_per_s=per_s(xlsx_cmp.baseline_ms),
        xlsx_ratio=round(xlsx_cmp.ratio, 3),
        xlsx_cpu_ratio=round(xlsx_cmp.cpu_ratio, 3),
        baseline="standard library / openpyxl reading the same cells",
        runs=args.runs,
        **stored,
    )


if __name__ == "__main__":
    main()
