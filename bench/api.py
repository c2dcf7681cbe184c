"""The JSON API: for each endpoint over the seed data, the median time of a request through Django's test
client (in process, no server), the queries it runs and the size of its answer.

    .venv/bin/python bench/api.py [--repeat 30]
"""

import argparse
import statistics
import time

from _django import bench_database

PANEL = "children-and-young-peoples-social-care-and-services"
ENDPOINTS = [
    "/api/",
    "/api/openapi.json",
    "/api/panels/",
    f"/api/panels/{PANEL}/",
    f"/api/panels/{PANEL}/members/",
    "/api/meetings/?page_size=100",
    "/api/agenda-items/?page_size=100",
    "/api/documents/?page_size=100",
    "/api/minutes/?page_size=100",
    "/api/resolutions/?page_size=100",
    "/api/work-programme/?page_size=100",
    "/api/meetings/?start_date=soon",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    repeat = parser.parse_args().repeat
    with bench_database():
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        client = Client()
        print(f"{'endpoint':<72} {'status':>6} {'median ms':>9} {'queries':>7} {'bytes':>7}")
        for url in ENDPOINTS:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            count = len(queries)
            times = []
            for _ in range(repeat):
                started = time.perf_counter()
                client.get(url)
                times.append(time.perf_counter() - started)
            median = statistics.median(times) * 1000
            print(f"{url:<72} {response.status_code:>6} {median:>9.1f} {count:>7} {len(response.content):>7}")


if __name__ == "__main__":
    main()
