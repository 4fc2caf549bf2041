#!/usr/bin/python3
"""Play the web shop on a Sparring server: WebShop's rule baseline, from Python.

Reads the instruction on the first page, searches it (without its price clause), opens the first
result, buys it and prints the reward (0 to 1, WebShop's score). Start the server first:

    ./sparring serve
    /usr/bin/python3 clients/python/examples/webshop.py --game 'webshop(split=test)' --seed 3

Any webshop spec works (see docs/webshop.md), such as
'webshop(products=1000, split=test, observation=text, max_steps=15, invalid_reward=-0.1)';
the example reads the instruction from the `text` observation mode.
"""

import argparse
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import grpc  # noqa: E402

from sparring.client import Client, pb  # noqa: E402

INSTRUCTION = re.compile(r"Instruction: \[SEP\] (.*?) \[SEP\]")
PRICE_CLAUSE = re.compile(r",? and price lower than [0-9.]+ dollars", re.IGNORECASE)
# Clicks on every results page that are not products (docs/webshop.md, "Pages and actions").
PAGE_BUTTONS = {"click[back to search]", "click[next >]", "click[< prev]"}


def seen(response):
    """The seat's observation (SeatObservation: text, legal actions and their names, mask)."""
    return response.observations[0].seat_observation


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--server", default="127.0.0.1:50051", help="host:port (default %(default)s)")
    parser.add_argument("--game", default="webshop(split=test)", help="a webshop spec (default %(default)s)")
    parser.add_argument("--seed", type=int, default=0, help="the episode's seed: it picks the goal (default 0)")
    parser.add_argument("--wait", type=float, default=60.0,
                        help="seconds to wait for the server to come up (default %(default)s)")
    args = parser.parse_args(argv)

    with Client(args.server) as client:
        try:
            client.wait_until_ready(timeout=args.wait)
        except grpc.FutureTimeoutError:
            sys.exit("no Sparring server at %s after %gs; start one with ./sparring serve" % (args.server, args.wait))
        session = client.create(args.game, seed=args.seed, seats=[0])
        try:
            page = session.observations[0].seat_observation.text
            found = INSTRUCTION.search(page)
            if found is None:
                sys.exit("no instruction on the first page; is %s a webshop spec with observation=text?" % args.game)
            instruction = found.group(1)
            print("instruction: %s" % instruction)

            # A search is a text action; text the shop cannot use would be a no-op move.
            query = PRICE_CLAUSE.sub("", instruction).strip()
            response = session.step_text("search[%s]" % query)
            print("> search[%s]" % query)
            products = [name for name in seen(response).legal_action_names if name not in PAGE_BUTTONS]
            if response.no_op or not products:
                sys.exit("the search found nothing")

            # Clicks are indexed actions named click[label]: take the first result by its name.
            response = session.step(products[0])
            print("> %s" % products[0])
            response = session.step("click[buy now]")
            print("> click[buy now]")

            observation = response.observations[0]
            if response.status.end_status != pb.END_STATUS_TERMINATED:
                sys.exit("the episode did not end with the purchase: %s" % response.status)
            print("moves: %d" % response.status.move_number)
            print("reward: %.6f" % observation.rewards[0])
        finally:
            session.close()


if __name__ == "__main__":
    main()
