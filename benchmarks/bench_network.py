"""The insights network analysis at the large demo scale: ``python benchmarks/bench_network.py``.

Builds a synthetic interaction graph shaped like ``seed_demo --scale large`` (20,000
people in 200 organisations, about 3 contacts each, most inside their own
organisation) and runs ``insights.network.analyse`` on it: approximate betweenness from
``BETWEENNESS_SAMPLES`` sampled sources (fixed seed), bridging scores, the organisation
graph, pairs with little contact and suggestions. Prints the time of each step.
``--people`` and ``--samples`` change the size (keep dev runs small on a shared machine).
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from practice_commons.insights import network

    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--organisations", type=int, default=200)
    parser.add_argument("--samples", type=int, default=network.BETWEENNESS_SAMPLES)
    args = parser.parse_args()
    started = time.perf_counter()
    graph = network.synthetic_graph(args.people, args.organisations)
    built = time.perf_counter()
    result = network.analyse(graph, samples=args.samples)
    done = time.perf_counter()
    print(
        f"network: {graph.number_of_nodes():,} people, {graph.number_of_edges():,} connections, "
        f"{args.organisations} organisations, {result['samples']} betweenness samples"
    )
    print(f"  build graph      {built - started:8.2f} s")
    print(f"  analyse          {done - built:8.2f} s")
    print(f"  total            {done - started:8.2f} s")
    print(
        f"  bridging people: {result['bridging_total']:,}; "
        f"low-contact pairs: {len(result['low_contact_pairs'])}; "
        f"suggestions: {len(result['suggestions'])}"
    )


if __name__ == "__main__":
    main()
