"""Benchmarks of TimeTrack, run against a PostgreSQL database seeded with the large organisation.

    psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE timetrack_bench"
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/timetrack_bench
    .venv/bin/python manage.py migrate
    .venv/bin/python manage.py seed_demo --large --consultants 2000 --months 12
    .venv/bin/python -m bench cra     # month grid and one save: server time and queries
    .venv/bin/python -m bench bulk    # bulk upsert throughput
    .venv/bin/python -m bench load    # 100 consultants auto-saving against gunicorn
    .venv/bin/python -m bench tace    # TACE over a year, beside the raw SQL aggregate
    .venv/bin/python -m bench profit  # the 500 projects' profitability over a year, beside the raw SQL

Results are printed and written to bench/results/<name>.json; docs/performance.md quotes them.
"""
