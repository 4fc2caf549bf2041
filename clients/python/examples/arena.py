"""Walks to beacons in the arena with macro actions read from the text observation, as an LLM agent
would: each decision it finds "Beacon at (x, y)" in the text and answers "move_to x y".

    ./sparring serve &
    /usr/bin/python3 clients/python/examples/arena.py --server 127.0.0.1:50051 --seconds 30
"""

import argparse
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from sparring.client import Client, pb  # noqa: E402

BEACON = re.compile(r"Beacon at \((-?[0-9.]+), (-?[0-9.]+)\)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="127.0.0.1:50051")
    parser.add_argument("--seconds", type=int, default=30, help="episode length in game seconds")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with Client(args.server) as client:
        session = client.create("arena(mode=beacon, seconds=%d)" % args.seconds, seed=args.seed, seats=[0])
        try:
            observation = session.observations[0]
            while observation.end_status == pb.END_STATUS_RUNNING:
                x, y = BEACON.search(observation.seat_observation.text).groups()
                observation = session.step_text("move_to %s %s" % (x, y)).observations[0]
            print("decisions: %d" % session.status.move_number)
            print("beacons: %d" % round(observation.returns[0]))
        finally:
            session.close()


if __name__ == "__main__":
    main()
