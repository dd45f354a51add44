"""Server time and query count of the 驾驶舱 pages at a generated scale, for a province-level
and a county-level leader: requests through Django's test client (the whole Django stack,
no network), repeated, p50 and p95 printed.

    python benchmarks/dashboard.py --scale province [--repeat 30]

It drops and recreates the PostgreSQL database named by --database (default worktracker_bench_<scale>),
generates the dataset with `generate_dataset`, then measures. `make bench-dashboard` runs both scales.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", choices=["province", "national"], default="province")
    parser.add_argument("--database", help="PostgreSQL URL (dropped and created)")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="reuse the database if it already has the dataset")
    args = parser.parse_args()
    url = args.database or f"postgres://postgres@127.0.0.1:5432/worktracker_bench_{args.scale}"
    if not args.keep:
        import psycopg

        base, name = url.rsplit("/", 1)
        with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from units.models import Region

    if not args.keep or not Region.objects.exists():
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        call_command("generate_dataset", scale=args.scale)
        print(f"dataset generated in {time.perf_counter() - started:.1f} s")
    from django.contrib.auth import get_user_model

    from targets.models import ProgressReport, Target
    from units.models import Bureau

    print(
        f"== {args.scale}: {Bureau.objects.count()} bureaus, {Target.objects.count()} targets, "
        f"{ProgressReport.objects.count()} reports"
    )
    User = get_user_model()
    province = User.objects.get(username="bench_province_leader")
    county = User.objects.get(username="bench_county_leader")
    province_region = province.memberships.get().bureau.region
    city_region = Region.objects.filter(parent=province_region).order_by("code").first()
    county_bureau = county.memberships.get().bureau
    cases = [
        (province, "/dashboard/"),
        (province, f"/dashboard/region/{city_region.code}/"),
        (province, f"/dashboard/bureau/{county_bureau.pk}/"),
        (province, "/dashboard/ranking/"),
        (county, "/dashboard/"),
        (county, "/dashboard/ranking/"),
    ]
    print(f"{'user':<22} {'page':<34} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
    for user, page in cases:
        client = Client()
        client.force_login(user)
        client.get(page)  # warm
        # Queries are counted on requests of their own: recording them slows the request.
        counts = set()
        for _ in range(3):
            with CaptureQueriesContext(connection) as captured:
                assert client.get(page).status_code == 200, page
            counts.add(len(captured.captured_queries))
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            response = client.get(page)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (page, response.status_code)
        times.sort()
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        print(
            f"{user.username:<22} {page:<34} {statistics.median(times):8.1f} {p95:8.1f} {'/'.join(map(str, sorted(counts))):>8}"
        )


if __name__ == "__main__":
    main()
