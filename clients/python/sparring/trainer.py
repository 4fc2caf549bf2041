"""A trainer's side of a league's external players (docs/trainers.md): stream a player's experience
from ``ExperienceService`` and publish new policy versions to ``PolicyService``.

    from sparring.torch_policy import MlpPolicy
    from sparring.trainer import ExperienceStream, channel, publish_mlp, training_rows

    league = channel("127.0.0.1:50061")
    with ExperienceStream(league, "main", credit=1) as stream:
        for version, batch in enumerate(stream, start=1):    # duplicates are dropped
            rows = list(training_rows(batch))                # MARS rows whose action was applied
            ...                                              # train a policy (an MlpPolicy) on them
            stream.ack(batch.sequence)                       # done: the league may forget it
            publish_mlp(league, "main", version, policy.to_mlp_json(), batch.sequence)
            stream.grant(1)                                  # one more batch

Delivery is at least once: after a reconnect the league sends again what was not acknowledged,
and the stream drops every batch whose sequence is not above the last one seen. Errors are
``grpc.RpcError`` from iterating (ABORTED when a newer subscription replaced this one) and
``PublishRefused`` from publishing. The torch network that reads and writes ``mlp.json`` is in
``sparring.torch_policy``; this module needs only Debian's python3-grpcio and python3-protobuf.
"""

import hashlib
import os
import queue
import threading

import grpc

from sparring.client import _channel
from sparring.experience import read_batches
from sparring.v1 import experience_pb2 as pb
from sparring.v1 import experience_pb2_grpc as pb_grpc
from sparring.v1 import policy_pb2
from sparring.v1 import policy_pb2_grpc

__all__ = ["ExperienceStream", "PublishRefused", "batches_from_file", "channel", "pb", "policy_pb2",
           "publish_mlp", "publish_model", "training_rows", "CHUNK"]

# The most weights bytes one PublishRequest may carry.
CHUNK = 1 << 20


# The largest batch a trainer accepts, in bytes.
MAX_BATCH = 1 << 30


def channel(target, ca=None, cert=None, key=None, token=None, tls=False):
    """A channel to a league's ``--serve-experience`` port, secured as ``sparring.client.Client``'s:
    TLS with ``ca`` (and ``cert``/``key`` for mutual TLS, ``tls=True`` for the system's CAs), and a
    ``token`` sent as ``authorization: Bearer <token>``."""
    # A batch of experience is one message, often above gRPC's default limit of 4 MiB (a 4000-match
    # Kuhn batch is about 7 MB, a web shop batch far more).
    return _channel(target, ca, cert, key, token, tls, options=[("grpc.max_receive_message_length", MAX_BATCH)])


def add_league_arguments(parser):
    """The options every trainer takes to reach a league besides its --target: --ca, --cert, --key,
    --token (default $SPARRING_TOKEN) and --player. ``league_channel(args)`` opens the channel."""
    parser.add_argument("--ca", help="PEM file of the CA that signed the league's certificate (TLS)")
    parser.add_argument("--cert", help="this trainer's PEM certificate, for mutual TLS (with --key)")
    parser.add_argument("--key", help="its PEM private key")
    parser.add_argument("--token", default=os.environ.get("SPARRING_TOKEN"),
                        help="bearer token (default: $SPARRING_TOKEN)")
    parser.add_argument("--player", default="main", help="the external learner (default %(default)s)")


def league_channel(args):
    """The channel to ``args.target`` with the options ``add_league_arguments`` added."""
    return channel(args.target, args.ca, args.cert, args.key, args.token)


def batches_from_file(path):
    """The ExperienceBatch messages of a file written by ``sparring experience export`` (the
    offline path; the same messages the stream yields)."""
    return read_batches(path)


def training_rows(batch):
    """The rows of a batch a policy-gradient trainer learns from: MARS-credited rows whose action
    was applied (strategist and verifier rows carry MALT labels instead, and a refused proposal's
    row was not played)."""
    for turn in batch.turns:
        if turn.credit == pb.CREDIT_MARS and turn.applied and turn.action_index >= 0:
            yield turn


class ExperienceStream:
    """One subscription to a player's experience: iterate it for ExperienceBatch messages.

    The league sends one batch per unit of credit: ``credit`` at first, then what ``grant(n)``
    adds. ``ack(sequence)`` says every batch up to ``sequence`` is done (the league then forgets
    them). A batch whose sequence is not above ``last_sequence`` (``after_sequence`` at first) was
    seen before: it is dropped, counted in ``duplicates``, and its unit of credit is granted again,
    so credit counts the batches this stream yields.

    ``close()`` (or leaving a ``with`` block) sends what was queued, ends the subscription and
    ends the iteration; it may be called from another thread.
    """

    def __init__(self, channel, player, after_sequence=0, credit=1):
        if credit < 0:
            raise ValueError("credit must be >= 0, got %d" % credit)
        self.channel = channel
        self.player = player
        self.last_sequence = after_sequence
        self.duplicates = 0
        self._closed = False
        # gRPC reads the requests on its own thread; the queue hands them over, None ends them.
        self._requests = queue.Queue()
        # gRPC's calls take one reader at a time; close() may come from another thread.
        self._reading = threading.Lock()
        self._requests.put(pb.SubscribeRequest(subscription=pb.Subscription(
            player=player, after_sequence=after_sequence, credit=credit)))
        self._call = pb_grpc.ExperienceServiceStub(channel).Subscribe(iter(self._requests.get, None))

    def grant(self, batches):
        """Lets the league send ``batches`` more batches."""
        if batches < 0:
            raise ValueError("a grant must be >= 0 batches, got %d" % batches)
        self._requests.put(pb.SubscribeRequest(grant=pb.Grant(batches=batches)))

    def ack(self, sequence):
        """Acknowledges every batch up to and including ``sequence``."""
        self._requests.put(pb.SubscribeRequest(ack=pb.Ack(sequence=sequence)))

    def close(self, timeout=5.0):
        """Sends the queued grants and acks, ends the requests, and waits for the league to end
        the call; after ``timeout`` s it cancels the call instead (which may drop acks in flight)."""
        if self._closed:
            return
        self._closed = True
        self._requests.put(None)
        # The call's end arrives only after the batches sent before it are read: the iterating
        # thread stops at the next one, and the rest are read here, unacknowledged (the league
        # sends them again to the next subscription).
        deadline = threading.Timer(timeout, self._call.cancel)
        deadline.start()
        try:
            with self._reading:
                for _ in self._call:
                    pass
        except grpc.RpcError:
            pass
        finally:
            deadline.cancel()

    def __iter__(self):
        while True:
            with self._reading:
                if self._closed:
                    return
                try:
                    batch = next(self._call)
                except StopIteration:
                    return
                except grpc.RpcError as error:
                    if self._closed and error.code() == grpc.StatusCode.CANCELLED:
                        return
                    raise
            if batch.sequence <= self.last_sequence:
                self.duplicates += 1
                self.grant(1)
                continue
            self.last_sequence = batch.sequence
            yield batch

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class PublishRefused(Exception):
    """The league refused a version (or could not be reached): ``code`` is the grpc.StatusCode,
    ``details`` the league's message. The league keeps playing the last accepted version."""

    def __init__(self, code, details):
        super().__init__("%s: %s" % (code.name if code is not None else "UNKNOWN", details))
        self.code = code
        self.details = details


def publish_mlp(channel, player, version, mlp_json, trained_through_sequence=0, timeout=None):
    """Publishes ``mlp_json`` (the bytes of an ``mlp`` snapshot's mlp.json, e.g.
    ``MlpPolicy.to_mlp_json()``) as ``version`` of ``player``; returns the PublishResponse."""
    header = policy_pb2.PolicyHeader(
        player=player, version=version, trained_through_sequence=trained_through_sequence,
        mlp=policy_pb2.MlpWeights(size=len(mlp_json), sha256=hashlib.sha256(mlp_json).hexdigest()))

    def requests():
        yield policy_pb2.PublishRequest(header=header)
        for start in range(0, len(mlp_json), CHUNK):
            yield policy_pb2.PublishRequest(weights=mlp_json[start:start + CHUNK])

    return _publish(channel, requests(), timeout)


def publish_model(channel, player, version, name, trained_through_sequence=0, timeout=None):
    """Publishes the model ``name@version`` that the learner's OpenAI-compatible endpoint serves as
    ``version`` of ``player``; returns the PublishResponse (its ``model`` is the name played)."""
    header = policy_pb2.PolicyHeader(player=player, version=version, model=policy_pb2.ServedModel(name=name),
                                     trained_through_sequence=trained_through_sequence)
    return _publish(channel, iter([policy_pb2.PublishRequest(header=header)]), timeout)


def _publish(channel, requests, timeout):
    try:
        return policy_pb2_grpc.PolicyServiceStub(channel).Publish(requests, timeout=timeout)
    except grpc.RpcError as error:
        raise PublishRefused(error.code(), error.details()) from error
