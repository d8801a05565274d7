import argparse
import os
import sys

import django


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("what", choices=["cra", "bulk", "load", "tace", "profit"])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=30, help="duration of the load test")
    parser.add_argument("--rate", type=float, default=300, help="saves per second asked by the load test")
    parser.add_argument(
        "--warmup", type=int, default=5, help="seconds of load before the measure (its saves are checked too)"
    )
    parser.add_argument("--consultants", type=int, default=100)
    parser.add_argument(
        "--cells",
        choices=["activities", "project"],
        default="activities",
        help="what the load test saves: two activities, or project work and an activity",
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers of the load test")
    parser.add_argument("--threads", type=int, default=8, help="threads per gunicorn worker")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to the PostgreSQL database seeded with --large (see bench/__init__.py).")
    django.setup()
    if args.what == "cra":
        from bench import cra

        cra.run(runs=args.runs)
    elif args.what == "tace":
        from bench import tace

        tace.run(runs=max(10, args.runs // 4))
    elif args.what == "profit":
        from bench import profit

        profit.run(runs=max(10, args.runs // 4))
    elif args.what == "bulk":
        from bench import bulk

        bulk.run(runs=max(5, args.runs // 20))
    else:
        from bench import load

        load.run(
            seconds=args.seconds,
            warmup=args.warmup,
            rate=args.rate,
            consultants=args.consultants,
            workers=args.workers,
            threads=args.threads,
            cells=args.cells,
        )


if __name__ == "__main__":
    main()
