#!/usr/bin/python3
"""A trainer that only counts: it subscribes to a player's experience, acknowledges every batch and
grants one more for each, so the league always has --credit batches it may send. It measures how
fast a league streams experience (a benchmark) and, with --slow, plays a slow trainer (a test of
back-pressure).

    /usr/bin/python3 clients/python/examples/count_trainer.py --target 127.0.0.1:50061 --seconds 10

Every second it writes its counts so far to stderr, and at the end one JSON line to stdout:

    {"batches": 120, "turns": 48000, "seconds": 10.0, "turns_per_second": 4800.0,
     "batches_per_second": 12.0, "duplicates": 0, "last_sequence": 120}

It stops after --seconds or --batches, or when the league ends the stream (exit 0); a lost
connection prints the counts, then the error on stderr (exit 1).
"""

import argparse
import json
import os
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import grpc  # noqa: E402

from sparring.trainer import ExperienceStream, add_league_arguments, league_channel  # noqa: E402


def parse(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--target", required=True, metavar="HOST:PORT", help="the league's --serve-experience address")
    add_league_arguments(parser)
    parser.add_argument("--credit", type=int,
                        help="batches the league may send ahead (default 64; 1 with --slow)")
    stop = parser.add_mutually_exclusive_group()
    stop.add_argument("--seconds", type=float, help="stop after this many seconds")
    stop.add_argument("--batches", type=int, help="stop after this many batches")
    parser.add_argument("--slow", type=float, default=0.0, metavar="SECONDS",
                        help="sleep this long on each batch before acknowledging it")
    args = parser.parse_args(argv)
    if args.credit is None:
        args.credit = 1 if args.slow > 0 else 64
    if args.credit < 1 or args.slow < 0 or (args.seconds or 1) <= 0 or (args.batches or 1) < 1:
        parser.error("--credit, --seconds and --batches must be positive, --slow >= 0")
    return args


def main(argv=None):
    args = parse(argv)
    league = league_channel(args)
    stream = ExperienceStream(league, args.player, credit=args.credit)
    counts = {"batches": 0, "turns": 0}
    start = time.monotonic()
    done = threading.Event()

    def summary():
        seconds = max(time.monotonic() - start, 1e-9)
        return json.dumps({"batches": counts["batches"], "turns": counts["turns"], "seconds": round(seconds, 3),
                           "turns_per_second": round(counts["turns"] / seconds, 1),
                           "batches_per_second": round(counts["batches"] / seconds, 2),
                           "duplicates": stream.duplicates, "last_sequence": stream.last_sequence})

    def report():
        # A thread of its own, so that it reports, and stops at --seconds, while no batch comes.
        deadline = None if args.seconds is None else start + args.seconds
        due = start + 1.0
        while not done.wait(max(0.0, min(due, deadline or due) - time.monotonic())):
            if deadline is not None and time.monotonic() >= deadline:
                stream.close()
                return
            print(summary(), file=sys.stderr, flush=True)
            due += 1.0

    reporter = threading.Thread(target=report, daemon=True)
    reporter.start()
    status = 0
    try:
        for batch in stream:
            if args.slow:
                time.sleep(args.slow)
            counts["batches"] += 1
            counts["turns"] += len(batch.turns)
            stream.ack(batch.sequence)
            if counts["batches"] == args.batches:
                break
            stream.grant(1)
    except grpc.RpcError as error:
        status = 1
        message = "count_trainer: lost the experience stream: %s: %s" % (error.code().name, error.details())
    except KeyboardInterrupt:
        status = 130
    finally:
        done.set()
        stream.close()
        league.close()
    print(summary(), flush=True)
    if status == 1:
        print(message, file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
