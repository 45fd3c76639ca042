"""``python -m bench``: build (or reuse) the dataset, run every section, print one table.

python -m bench                 # full scale, SQLite
python -m bench --quick         # a small scale for development
python -m bench --pg            # the same on PostgreSQL (STRIDE_BENCH_PG_URL or the local server)
python -m bench --only commands,writes
python -m bench --only fanout --platforms slack
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import sys
import time
import timeit
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from bench import commands, dashboard, fanout, interactions, lag, startup, writes
from bench.backends import Backend, backend_for
from bench.scale import FULL, NOW, SCALES, Scale
from bench.stats import Result, table, write_json
from core.bootstrap import Stride, start
from core.clock import FixedClock
from core.settings import Settings

HERE = Path(__file__).resolve().parent
Section = Callable[[Stride, Backend, Scale], Awaitable[list[Result]]]
SECTIONS: dict[str, Section] = {
    "commands": commands.measure,
    "writes": writes.measure,
    "fanout": fanout.measure,
    "startup": startup.measure,
    "lag": lag.measure,
    "interactions": interactions.measure,
    "dashboard": dashboard.measure,
}


def machine_probe_us() -> float:
    """A fixed piece of pure Python, timed: absolute figures (ms, check-ins/s) move with
    the machine, and shared machines differ by half from one day to the next, so every run
    says how fast its machine was (the ratios to the floor are measured in the same run)."""
    return min(timeit.repeat("sum(range(10_000))", number=500, repeat=5)) / 500 * 1e6


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    sizes = parser.add_mutually_exclusive_group()
    sizes.add_argument("--quick", action="store_const", dest="scale", const="quick", help="small scale")
    sizes.add_argument("--scale", choices=sorted(SCALES), help="full (the default), quick or toy")
    parser.set_defaults(scale=FULL.name)
    parser.add_argument("--pg", action="store_true", help="run on PostgreSQL instead of SQLite")
    parser.add_argument("--only", default=",".join(SECTIONS), help="comma-separated sections to run")
    parser.add_argument("--fanout", type=int, default=None, help="fan-out recipients (default: the scale's)")
    parser.add_argument(
        "--platforms",
        default=None,
        help=f"fan-out platforms, comma-separated ({', '.join(fanout.PLATFORMS)})",
    )
    parser.add_argument("--cache", type=Path, default=HERE / ".cache", help="where datasets are kept")
    parser.add_argument("--json", type=Path, default=None, help="results file (default bench/results/…)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    return parser.parse_args(argv)


async def run(
    args: argparse.Namespace, backend: Backend | None = None
) -> tuple[list[Result], dict[str, object]]:
    scale = SCALES[args.scale]
    if args.fanout is not None:
        scale = Scale(**{**scale.as_json(), "fanout": args.fanout})
    only = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = sorted(set(only) - set(SECTIONS))
    if unknown:
        raise SystemExit(f"unknown section(s): {', '.join(unknown)}; choose from {', '.join(SECTIONS)}")
    sections = dict(SECTIONS)
    if args.platforms:
        chosen = [name.strip() for name in args.platforms.split(",") if name.strip()]
        sections["fanout"] = partial(fanout.measure, platforms=chosen)
    backend = backend or backend_for(args.pg, args.cache)
    print(
        f"Stride bench: scale {scale.name} ({scale.checkin_rows:,} check-ins), on {backend.name}", flush=True
    )
    built = await backend.prepare(scale)
    how = "reused" if built.reused else f"built in {built.seconds:.1f} s"
    print(f"dataset: {built.rows:,} rows, {how}", flush=True)
    probe = machine_probe_us()
    print(f"machine: {probe:.0f} µs for sum(range(10,000)), the best of five (lower is faster)", flush=True)
    stride = await start(Settings(), database_url=backend.url, clock=FixedClock(NOW))
    results: list[Result] = []
    try:
        for name in only:
            began = time.perf_counter()
            print(f"… {name}", flush=True)
            results += await sections[name](stride, backend, scale)
            print(f"  {name} took {time.perf_counter() - began:.1f} s", flush=True)
    finally:
        await stride.close()
    meta: dict[str, object] = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "backend": backend.name,
        "scale": scale.as_json(),
        "dataset": {"rows": built.rows, "reused": built.reused, "build_seconds": round(built.seconds, 2)},
        "python": sys.version.split()[0],
        "machine": platform.platform(),
        "machine_probe_us": round(probe, 1),
    }
    return results, meta


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    results, meta = asyncio.run(run(args))
    print()
    print(table(results))
    path = args.json or HERE / "results" / f"latest-{meta['backend']}-{args.scale}.json"
    write_json(path, meta, results)
    print(f"\nwritten to {path}")
    missed = [f"{r.section}: {r.name}" for r in results if r.met is False]
    if missed:
        print(f"targets missed: {'; '.join(missed)} (docs/performance.md says why)")
    return 1 if missed and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
