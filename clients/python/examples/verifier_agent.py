#!/usr/bin/python3
"""A verifier in its own process: Sparring calls it over gRPC (sparring.v1.AgentService).

It accepts a proposal that names a legal action and rejects any other, naming the legal actions,
so a team's refiner can repair what its generator wrote. Replace `verify` with your own model.

    /usr/bin/python3 clients/python/examples/verifier_agent.py --port 50061
    ./sparring match tic_tac_toe --seat 1=random \\
        --seat 0="team(generator=random, verifier=remote(target='127.0.0.1:50061'), refiner=random)"

It prints `serving AgentService on HOST:PORT` once it listens (with --port 0, on a free port).
"""

import argparse
import os
import sys
from concurrent import futures

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import grpc  # noqa: E402

from sparring.v1 import agent_pb2, agent_pb2_grpc, trajectory_pb2  # noqa: E402


def verify(request):
    """Returns (accept, critique) for the proposal in the request."""
    seen = request.seat_observation
    legal = dict(zip(seen.legal_actions, seen.legal_action_names))
    listed = ", ".join("%d %s" % item for item in legal.items())
    proposal = request.context.proposal
    if proposal.action >= 0:
        if proposal.action in legal:
            return True, "%s is legal" % legal[proposal.action]
        return False, "action %d is not legal; legal: %s" % (proposal.action, listed)
    text = proposal.free_text.strip()
    for index, name in legal.items():
        if text.lower() == name.lower() or text == str(index):
            return True, "%s is legal" % name
    return False, "'%s' is not a legal action; legal: %s" % (text, listed)


class Verifier(agent_pb2_grpc.AgentServiceServicer):
    def Decide(self, request, context):
        if request.role != trajectory_pb2.ROLE_VERIFIER:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT,
                          "this agent is a verifier; it was asked to play %s"
                          % trajectory_pb2.Role.Name(request.role))
        accept, critique = verify(request)
        verdict = trajectory_pb2.VERDICT_ACCEPT if accept else trajectory_pb2.VERDICT_REJECT
        return agent_pb2.DecideResponse(verdict=verdict, text=critique)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=50061, help="0 picks a free port (default %(default)s)")
    args = parser.parse_args(argv)
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    agent_pb2_grpc.add_AgentServiceServicer_to_server(Verifier(), server)
    port = server.add_insecure_port("%s:%d" % (args.host, args.port))
    server.start()
    print("serving AgentService on %s:%d" % (args.host, port), flush=True)
    try:
        server.wait_for_termination()
    except KeyboardInterrupt:
        server.stop(grace=1)


if __name__ == "__main__":
    main()
