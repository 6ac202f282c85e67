"""`python -m bench [NAME] [options]`: run one benchmark, or every one.

Each benchmark is a module with ``add_arguments(parser)`` and ``async main(args)``;
adding one is one line in ``BENCHMARKS``. ``python -m bench NAME --help`` lists its
options; ``python -m bench`` alone runs them all with their defaults.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib

BENCHMARKS = {
    "summaries": "bench.summaries",
    "broadcast": "bench.broadcast",
    "chat": "bench.chat",
    "publish": "bench.publish",
    "updates": "bench.updates",
}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    commands = parser.add_subparsers(dest="benchmark")
    modules = {name: importlib.import_module(path) for name, path in BENCHMARKS.items()}
    for name, module in modules.items():
        module.add_arguments(commands.add_parser(name, help=(module.__doc__ or "").split("\n")[0]))
    args = parser.parse_args()
    chosen = [args.benchmark] if args.benchmark else list(modules)
    for name in chosen:
        options = args if args.benchmark else commands.choices[name].parse_args([])
        asyncio.run(modules[name].main(options))


if __name__ == "__main__":
    main()
