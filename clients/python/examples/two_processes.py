#!/usr/bin/python3
"""Two Python processes play the two seats of one game on a Sparring server.

The first process creates a session and plays seat 0; this script reads the session id from its
output and starts the second process, which joins and plays seat 1. Start the server first:

    ./sparring serve
    /usr/bin/python3 clients/python/examples/two_processes.py --game tic_tac_toe
"""

import argparse
import os
import subprocess
import sys

PLAY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "play.py")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--server", default="127.0.0.1:50051", help="host:port (default %(default)s)")
    parser.add_argument("--game", default="tic_tac_toe", help="a two-player game spec (default %(default)s)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for the players")
    parser.add_argument("--grace", type=float, default=1.0,
                        help="seconds the creator keeps the ended session open (default %(default)s)")
    args = parser.parse_args(argv)

    common = ["--server", args.server, "--agent", "random", "--seed", str(args.seed)]
    creator = subprocess.Popen([sys.executable, PLAY, "--create", args.game, "--grace", str(args.grace)] + common,
                               stdout=subprocess.PIPE, text=True)
    first = creator.stdout.readline().strip()
    if not first.startswith("session: "):
        creator.kill()
        sys.exit("the first player did not create a session: %r" % first)
    session_id = first[len("session: "):]
    joiner = subprocess.Popen([sys.executable, PLAY, "--join", session_id] + common,
                              stdout=subprocess.PIPE, text=True)
    outputs = {}
    for name, process in (("seat 1 (pid %d)" % joiner.pid, joiner), ("seat 0 (pid %d)" % creator.pid, creator)):
        out, _ = process.communicate(timeout=args.timeout)
        outputs[name] = out
        if process.returncode != 0:
            sys.exit("%s failed with exit code %d:\n%s" % (name, process.returncode, out))
    for name in sorted(outputs):
        print("== %s" % name)
        print(outputs[name].rstrip())
    print("both processes finished session %s" % session_id)


if __name__ == "__main__":
    main()
