"""Time only the 100-page pack (docs/benchmarks.md, "The pack"), against the bench database.

    .venv/bin/python scripts/bench_pack.py

Uses BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/leavingcare_bench) as it
is: run ``make bench`` once first to build the county. Prints each stage and the total.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/leavingcare_bench"
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leavingcare.settings")
    os.environ.setdefault("DEBUG", "0")
    import django

    django.setup()
    from devtools.bench.panels import bench_pack, summary_line

    result = bench_pack()
    for stage in result["stages"]:
        print(f"    {stage['seconds']:6.2f}s  {stage['stage']}")
    print(summary_line(result))
    if os.environ.get("BENCH_JSON"):
        print(json.dumps(result, indent=2))
    return 0 if result["within_target"] else 1


if __name__ == "__main__":
    sys.exit(main())
