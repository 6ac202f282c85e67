"""`python -m bench [--plans N] [--database-url URL]`: run every benchmark."""

from __future__ import annotations

import argparse
import asyncio

from bench import summaries


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--plans", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--database-url",
        default=None,
        help="an empty database to fill (default: a temporary SQLite file)",
    )
    args = parser.parse_args()
    asyncio.run(summaries.run(plans=args.plans, rounds=args.rounds, database_url=args.database_url))


if __name__ == "__main__":
    main()
