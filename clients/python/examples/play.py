#!/usr/bin/python3
"""Play one seat of a game hosted by `./sparring serve`, as a person or as a simple agent.

Create a session and play its first seat, then let someone join the other seat:

    /usr/bin/python3 clients/python/examples/play.py --create tic_tac_toe
    /usr/bin/python3 clients/python/examples/play.py --join s_...      (in another terminal)

--agent human (the default) reads actions from the terminal, by name or number; --agent random
and --agent first play by themselves.
"""

import argparse
import os
import random
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import grpc  # noqa: E402

from sparring.client import AECEnv, Client  # noqa: E402


def choose(agent, observation, how, rng, env):
    """An action for the agent: typed by a person, or picked by a simple rule."""
    if how == "first":
        return observation["legal_actions"][0]
    if how == "random":
        return rng.choice(observation["legal_actions"])
    print()
    print(observation["text"])
    while True:
        typed = input("%s> " % agent).strip()
        if typed in ("quit", "exit"):
            raise KeyboardInterrupt
        if typed:
            return int(typed) if typed.isdigit() else typed


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--create", metavar="GAME", help="create a session of GAME, e.g. tic_tac_toe")
    where.add_argument("--join", metavar="SESSION_ID", help="join a session someone created")
    parser.add_argument("--server", default="127.0.0.1:50051", help="host:port (default %(default)s)")
    parser.add_argument("--seat", type=int, action="append",
                        help="seat to play (repeatable); default: seat 0 when creating, the lowest free seat when joining")
    parser.add_argument("--seed", type=int, default=None, help="the episode's seed (with --create)")
    parser.add_argument("--agent", choices=["human", "random", "first"], default="human")
    parser.add_argument("--wait", type=float, default=120.0,
                        help="seconds to wait for the server to come up (default %(default)s)")
    parser.add_argument("--grace", type=float, default=2.0,
                        help="seconds the creator keeps the ended session open for the others to see the end")
    args = parser.parse_args(argv)

    rng = random.Random(args.seed)
    with Client(args.server) as client:
        try:
            client.wait_until_ready(timeout=args.wait)
        except grpc.FutureTimeoutError:
            sys.exit("no Sparring server at %s after %gs; start one with ./sparring serve" % (args.server, args.wait))
        if args.create:
            env = AECEnv(client, game=args.create, seed=args.seed, seats=args.seat or [0])
            print("session: %s" % env.session.id, flush=True)
            print("game: %s; you play %s. Others join with:" % (env.session.game.spec, env.my_agents))
            print("  /usr/bin/python3 %s --join %s --server %s" % (sys.argv[0], env.session.id, args.server),
                  flush=True)
        else:
            env = AECEnv(client, session_id=args.join, seats=args.seat)
            print("joined %s (%s) as %s" % (env.session.id, env.session.game.spec, env.my_agents), flush=True)
        try:
            env.reset()
            for agent in env.agent_iter():
                observation, reward, termination, truncation, info = env.last()
                if termination or truncation:
                    seat = env.session.seats[env.my_agents.index(agent)]
                    print("%s: the game is over; your return %+g" % (agent, env.session.observations[seat].returns[seat]))
                    env.step(None)
                    continue
                while True:
                    action = choose(agent, observation, args.agent, rng, env)
                    try:
                        env.step(action)
                        break
                    except grpc.RpcError as e:
                        if e.code() != grpc.StatusCode.INVALID_ARGUMENT or args.agent != "human":
                            raise
                        print(e.details())
            returns = env.session.observations[env.session.seats[0]].returns
            print("returns: %s" % ", ".join("%+g" % r for r in returns), flush=True)
        except KeyboardInterrupt:
            print("left the game")
        finally:
            if env.session.owner:
                time.sleep(args.grace)
                env.close()


if __name__ == "__main__":
    main()
