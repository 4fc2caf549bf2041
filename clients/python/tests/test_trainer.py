"""sparring.trainer, sparring.torch_policy and the two trainer examples against a fake league: an
in-process gRPC server with ExperienceService and PolicyService that records what it receives.
The torch tests skip without python3-torch, and fail without it when CI=true."""

import contextlib
import hashlib
import importlib.util
import io
import json
import os
import random
import struct
import sys
import tempfile
import threading
import time
import unittest
from concurrent import futures

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import grpc  # noqa: E402
from google.protobuf.internal.encoder import _VarintBytes  # noqa: E402

from sparring.trainer import (CHUNK, ExperienceStream, PublishRefused, channel, pb, policy_pb2,  # noqa: E402
                              publish_mlp, publish_model, training_rows)
from sparring.v1 import experience_pb2_grpc, observation_pb2, policy_pb2_grpc  # noqa: E402

try:
    import torch
except ImportError:
    torch = None
else:
    from sparring.torch_policy import MlpPolicy, batch_tensors  # noqa: E402


def load_example(name):
    spec = importlib.util.spec_from_file_location(name, os.path.join(ROOT, "examples", name + ".py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def require_torch(test):
    if torch is None:
        message = "python3-torch is missing (apt-get install python3-torch)"
        if os.environ.get("CI") == "true":
            test.fail(message)
        test.skipTest(message)


class FakeLeague(experience_pb2_grpc.ExperienceServiceServicer, policy_pb2_grpc.PolicyServiceServicer):
    """Sends ``batches`` in order, one per unit of credit, records every request, and answers
    publishes (or refuses them with ``refuse``, a (code, details) pair)."""

    def __init__(self, batches=(), refuse=None):
        self.batches, self.refuse = list(batches), refuse
        self.received, self.published = [], []
        self.ended = threading.Event()

    def Subscribe(self, requests, context):
        credit, waiting = 0, list(self.batches)
        try:
            for request in requests:
                self.received.append(request)
                kind = request.WhichOneof("kind")
                credit += request.subscription.credit if kind == "subscription" else request.grant.batches
                while credit > 0 and waiting:
                    credit -= 1
                    yield waiting.pop(0)
        finally:
            self.ended.set()

    def Publish(self, requests, context):
        requests = list(requests)
        self.published.append(requests)
        if self.refuse:
            context.abort(*self.refuse)
        header = requests[0].header
        model = "%s@%d" % (header.model.name, header.version) if header.HasField("model") else ""
        return policy_pb2.PublishResponse(version=header.version, first_batch=7, model=model)

    def headers(self):
        return [requests[0].header for requests in self.published]


class LeagueTestCase(unittest.TestCase):
    """Starts a server for the FakeLeague that ``self.league`` holds (set it before the calls)."""

    def setUp(self):
        self.league = FakeLeague()
        self.server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
        experience_pb2_grpc.add_ExperienceServiceServicer_to_server(Delegate(self), self.server)
        policy_pb2_grpc.add_PolicyServiceServicer_to_server(Delegate(self), self.server)
        self.target = "127.0.0.1:%d" % self.server.add_insecure_port("127.0.0.1:0")
        self.server.start()
        self.channel = channel(self.target)

    def tearDown(self):
        self.channel.close()
        self.server.stop(None)

    def wait_for(self, condition):
        deadline = time.monotonic() + 5
        while not condition():
            self.assertLess(time.monotonic(), deadline, "timed out")
            time.sleep(0.01)


class Delegate(experience_pb2_grpc.ExperienceServiceServicer, policy_pb2_grpc.PolicyServiceServicer):
    """Forwards to the test's current league, so a test can swap it after setUp."""

    def __init__(self, test):
        self.test = test

    def Subscribe(self, requests, context):
        return self.test.league.Subscribe(requests, context)

    def Publish(self, requests, context):
        return self.test.league.Publish(requests, context)


def batch(sequence, turns=(), game="made_up", player="main"):
    return pb.ExperienceBatch(run_id="run", batch=sequence, sequence=sequence, player=player, game=game,
                              turns=list(turns))


def row(state, action, advantage, credit=pb.CREDIT_MARS, applied=True, legal=(0, 1)):
    return pb.ExperienceTurn(
        information_state=observation_pb2.FloatTensor(shape=[len(state)],
                                                      float32_le=struct.pack("<%df" % len(state), *state)),
        legal_actions=list(legal), action_index=action, applied=applied, credit=credit, advantage=advantage)


# A made-up game of 3 inputs and 2 actions: in state A action 1 is good and action 0 bad, in state
# B nothing matters. Rows the trainer must ignore (MALT, not applied) say the opposite.
STATE_A, STATE_B = (1.0, 0.0, 0.0), (0.0, 1.0, 0.0)


def made_up_batch(sequence, rng, player="main"):
    turns = []
    for k in range(24):
        action = rng.randrange(2)
        if k % 2:
            turns.append(row(STATE_B, action, rng.uniform(-0.1, 0.1)))
        else:
            turns.append(row(STATE_A, action, 1.0 if action == 1 else -1.0))
    turns.append(row(STATE_A, 0, 5.0, credit=pb.CREDIT_MALT))
    turns.append(row(STATE_A, 0, 5.0, applied=False))
    return batch(sequence, turns, player=player)


def write_export(path, batches):
    with open(path, "wb") as f:
        for b in batches:
            data = b.SerializeToString()
            f.write(_VarintBytes(len(data)) + data)


class ExperienceStreamTest(LeagueTestCase):
    def test_subscription_then_grants_and_acks_arrive_as_sent(self):
        self.league.batches = [batch(s) for s in (4, 5, 6)]
        with ExperienceStream(self.channel, "main", after_sequence=3, credit=1) as stream:
            batches = iter(stream)
            self.assertEqual(4, next(batches).sequence)
            stream.ack(4)
            stream.grant(2)
            self.assertEqual([5, 6], [next(batches).sequence, next(batches).sequence])
            stream.ack(6)
            self.wait_for(lambda: len(self.league.received) == 4)
            self.assertEqual(6, stream.last_sequence)
        self.assertEqual([
            pb.SubscribeRequest(subscription=pb.Subscription(player="main", after_sequence=3, credit=1)),
            pb.SubscribeRequest(ack=pb.Ack(sequence=4)),
            pb.SubscribeRequest(grant=pb.Grant(batches=2)),
            pb.SubscribeRequest(ack=pb.Ack(sequence=6))], self.league.received)
        self.assertTrue(self.league.ended.wait(5), "closing ends the call")

    def test_close_sends_the_queued_ack_and_ends_the_iteration(self):
        self.league.batches = [batch(1)]
        stream = ExperienceStream(self.channel, "main", credit=5)
        for b in stream:
            stream.ack(b.sequence)
            threading.Timer(0.2, stream.close).start()  # from another thread, while waiting
        self.assertEqual(pb.Ack(sequence=1), self.league.received[-1].ack)
        self.assertEqual(0, stream.duplicates)

    def test_close_cancels_a_call_the_league_does_not_end(self):
        class Deaf(FakeLeague):
            def Subscribe(self, requests, context):
                next(requests)
                yield batch(1)
                while context.is_active():
                    time.sleep(0.01)

        self.league = Deaf()
        stream = ExperienceStream(self.channel, "main")
        self.assertEqual(1, next(iter(stream)).sequence)
        started = time.monotonic()
        stream.close(timeout=0.2)
        self.assertLess(time.monotonic() - started, 2)
        self.assertEqual([], list(stream))

    def test_duplicates_are_dropped_counted_and_their_credit_granted_again(self):
        self.league.batches = [batch(s) for s in (1, 2, 3, 2, 1, 4, 5)]
        with ExperienceStream(self.channel, "main", after_sequence=1, credit=3) as stream:
            seen = []
            for b in stream:
                seen.append(b.sequence)
                if len(seen) == 3:  # the credit: 5 is not sent
                    break
            self.assertEqual([2, 3, 4], seen)
            self.assertEqual(3, stream.duplicates)
            self.assertEqual(4, stream.last_sequence)
        grants = [r.grant.batches for r in self.league.received if r.HasField("grant")]
        self.assertEqual([1, 1, 1], grants)

    def test_a_server_error_reaches_the_iteration(self):
        class Replaced(FakeLeague):
            def Subscribe(self, requests, context):
                next(requests)
                context.abort(grpc.StatusCode.ABORTED, "a newer subscription to main replaced this one")

        self.league = Replaced()
        with ExperienceStream(self.channel, "main") as stream:
            with self.assertRaises(grpc.RpcError) as caught:
                list(stream)
        self.assertEqual(grpc.StatusCode.ABORTED, caught.exception.code())

    def test_training_rows_are_the_applied_mars_rows(self):
        rows = [row(STATE_A, 1, 1.0), row(STATE_A, 0, 1.0, applied=False),
                row(STATE_A, 0, 1.0, credit=pb.CREDIT_MALT), row(STATE_A, -1, 1.0)]
        self.assertEqual([rows[0]], list(training_rows(batch(1, rows))))


class PublishTest(LeagueTestCase):
    def test_mlp_weights_arrive_whole_in_chunks_of_at_most_a_mebibyte(self):
        weights = random.Random(1).randbytes(2 * CHUNK + 12345)
        response = publish_mlp(self.channel, "main", 3, weights, trained_through_sequence=17)
        self.assertEqual(policy_pb2.PublishResponse(version=3, first_batch=7), response)
        header, *chunks = self.league.published[0]
        self.assertEqual(policy_pb2.PolicyHeader(
            player="main", version=3, trained_through_sequence=17,
            mlp=policy_pb2.MlpWeights(size=len(weights), sha256=hashlib.sha256(weights).hexdigest())),
            header.header)
        self.assertEqual([CHUNK, CHUNK, 12345], [len(c.weights) for c in chunks])
        self.assertEqual(weights, b"".join(c.weights for c in chunks))

    def test_a_model_is_a_header_alone(self):
        response = publish_model(self.channel, "main", 2, "kuhn-lora", trained_through_sequence=9)
        self.assertEqual("kuhn-lora@2", response.model)
        self.assertEqual([policy_pb2.PublishRequest(header=policy_pb2.PolicyHeader(
            player="main", version=2, model=policy_pb2.ServedModel(name="kuhn-lora"),
            trained_through_sequence=9))], self.league.published[0])

    def test_a_refusal_raises_with_the_code_and_message(self):
        self.league.refuse = (grpc.StatusCode.FAILED_PRECONDITION, "version 2 is not above 5")
        with self.assertRaises(PublishRefused) as caught:
            publish_mlp(self.channel, "main", 2, b"{}")
        self.assertEqual(grpc.StatusCode.FAILED_PRECONDITION, caught.exception.code)
        self.assertEqual("version 2 is not above 5", caught.exception.details)
        self.assertIn("FAILED_PRECONDITION: version 2 is not above 5", str(caught.exception))


class CountTrainerTest(LeagueTestCase):
    def test_counts_acks_and_grants_until_the_batches_asked_for(self):
        self.league.batches = [batch(s, [row(STATE_A, 1, 0.0)] * s) for s in (1, 2, 3, 4)]
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            status = load_example("count_trainer").main(["--target", self.target, "--credit", "2", "--batches", "3"])
        self.assertEqual(0, status)
        counts = json.loads(out.getvalue())
        self.assertEqual((3, 6, 3), (counts["batches"], counts["turns"], counts["last_sequence"]))
        self.assertGreater(counts["turns_per_second"], 0)
        self.assertTrue(self.league.ended.wait(5))
        self.assertEqual([2, 1, 1, 2, 1, 3], [r.subscription.credit or r.grant.batches or r.ack.sequence
                                              for r in self.league.received])


    def test_stops_after_the_seconds_asked_for_while_batches_keep_coming(self):
        self.league.batches = [batch(s, [row(STATE_A, 1, 0.0)]) for s in range(1, 5001)]
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            status = load_example("count_trainer").main(["--target", self.target, "--seconds", "0.3"])
        self.assertEqual(0, status)
        counts = json.loads(out.getvalue())
        self.assertGreater(counts["batches"], 0)
        self.assertGreaterEqual(counts["seconds"], 0.3)
        self.assertTrue(self.league.ended.wait(5))


class TorchTestCase(LeagueTestCase):
    def setUp(self):
        require_torch(self)
        super().setUp()


class MlpPolicyTest(TorchTestCase):
    def randomized(self, *args, **kwargs):
        torch.manual_seed(2)
        policy = MlpPolicy(*args, **kwargs)
        with torch.no_grad():
            for head in (policy.policy_head, policy.value_head):  # zero at first; make them count
                head.weight.normal_()
                head.bias.normal_()
        return policy

    def test_the_json_has_the_league_layout_row_major_inputs_by_outputs(self):
        policy = self.randomized(3, 2, hidden=(4, 5))
        document = json.loads(policy.to_mlp_json())
        self.assertEqual(["network", "inputs", "actions", "layers"], list(document))
        self.assertEqual(("mlp(hidden=[4, 5], activation=tanh)", 3, 2),
                         (document["network"], document["inputs"], document["actions"]))
        self.assertEqual([(3, 4), (4, 5), (5, 2), (5, 1)],
                         [(layer["inputs"], layer["outputs"]) for layer in document["layers"]])
        first = document["layers"][0]
        # weight[i][j] (input i, output j) at i * outputs + j; torch's Linear keeps it at [j][i].
        self.assertEqual(policy.body[0].weight[3, 2].item(), first["weight"][2 * 4 + 3])
        self.assertEqual(policy.policy_head.bias[1].item(), document["layers"][2]["bias"][1])
        x = torch.tensor([[0.5, -1.0, 2.0]])
        by_hand = torch.tensor(first["bias"]) + x @ torch.tensor(first["weight"]).reshape(3, 4)
        self.assertTrue(torch.allclose(policy.body[0](x), by_hand))

    def test_a_round_trip_gives_identical_outputs(self):
        for hidden, activation in (((8, 6), "tanh"), ((), "relu")):
            policy = self.randomized(5, 3, hidden=hidden, activation=activation)
            data = policy.to_mlp_json()
            copy = MlpPolicy.from_mlp_json(data)
            self.assertEqual(data, copy.to_mlp_json())
            self.assertEqual(len(hidden) + 2, len(json.loads(data)["layers"]))
            x = torch.randn(16, 5)
            legal = torch.rand(16, 3) < 0.7
            legal[:, 0] = True
            for ours, theirs in zip(policy(x), copy(x)):
                self.assertTrue(torch.equal(ours, theirs))
            self.assertTrue(torch.equal(policy.masked_log_probs(x, legal), copy.masked_log_probs(x, legal)))

    def test_a_fresh_policy_is_uniform_over_the_legal_actions(self):
        policy = MlpPolicy(5, 4)
        legal = torch.tensor([[True, False, True, True], [False, True, False, False]])
        probabilities = policy.masked_log_probs(torch.randn(2, 5), legal).exp()
        expected = torch.tensor([[1 / 3, 0, 1 / 3, 1 / 3], [0, 1, 0, 0]])
        self.assertTrue(torch.allclose(probabilities, expected))
        self.assertEqual(0.0, probabilities[0, 1].item(), "an illegal action has probability 0")

    def test_non_finite_weights_are_refused(self):
        policy = MlpPolicy(2, 2, hidden=(3,))
        with torch.no_grad():
            policy.value_head.bias.fill_(float("nan"))
        with self.assertRaisesRegex(ValueError, "not finite"):
            policy.to_mlp_json()

    def test_rows_become_tensors(self):
        rows = batch_tensors([row(STATE_A, 1, 0.5), row(STATE_B, 0, -2.0, legal=(0,))], actions=3)
        self.assertTrue(torch.equal(torch.tensor([STATE_A, STATE_B]), rows.states))
        self.assertEqual([[True, True, False], [True, False, False]], rows.legal.tolist())
        self.assertEqual(([1, 0], [0.5, -2.0]), (rows.chosen.tolist(), rows.advantage.tolist()))
        with self.assertRaisesRegex(ValueError, "outside 0..1"):
            batch_tensors([row(STATE_A, 1, 0.5, legal=(0, 1, 2))], actions=2)


class MlpTrainerTest(TorchTestCase):
    def run_trainer(self, *argv):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = load_example("mlp_trainer").main(list(argv))
        return status, out.getvalue(), err.getvalue()

    def probability_of_1_in_a(self, data):
        policy = MlpPolicy.from_mlp_json(data)
        return policy.masked_log_probs(torch.tensor([STATE_A]), torch.tensor([[True, True]])).exp()[0, 1].item()

    def test_offline_it_learns_the_good_action_and_writes_each_version(self):
        rng = random.Random(3)
        batches = [made_up_batch(s, rng, player="main" if s % 3 else "other") for s in range(1, 10)]
        with tempfile.TemporaryDirectory() as d:
            write_export(os.path.join(d, "e.pb"), batches)
            status, out, err = self.run_trainer("--from-file", os.path.join(d, "e.pb"), "--out", os.path.join(d, "out"),
                                                "--actions", "2", "--hidden", "16", "--lr", "0.05", "--device", "cpu")
            self.assertEqual((0, ""), (status, err))
            lines = out.splitlines()
            self.assertEqual(6, len(lines), "one version for each of main's batches")
            self.assertRegex(lines[0],
                             r"^version 1: batches 1-1, 24 turns, loss -?\d+\.\d{3}, \d+ turns/s trained on cpu$")
            self.assertEqual(["v%d" % v for v in range(1, 7)], sorted(os.listdir(os.path.join(d, "out"))))
            with open(os.path.join(d, "out", "v1", "mlp.json"), "rb") as f:
                first = self.probability_of_1_in_a(f.read())
            with open(os.path.join(d, "out", "v6", "mlp.json"), "rb") as f:
                last = self.probability_of_1_in_a(f.read())
        self.assertGreater(first, 0.5)
        self.assertGreater(last, 0.8)

    def test_online_it_trains_acks_publishes_and_grants(self):
        rng = random.Random(4)
        self.league.batches = [made_up_batch(s, rng) for s in range(1, 6)]
        status, out, err = self.run_trainer("--target", self.target, "--versions", "2", "--batches-per-version", "2",
                                            "--actions", "2", "--lr", "0", "--device", "cpu")
        self.assertEqual((0, ""), (status, err))
        self.assertEqual(["version 1: batches 1-2", "version 2: batches 3-4"], [l[:22] for l in out.splitlines()])
        self.assertEqual([(1, 2), (2, 4)], [(h.version, h.trained_through_sequence) for h in self.league.headers()])
        self.wait_for(lambda: self.league.ended.is_set())
        self.assertEqual([2, 1, 2, 2, 3, 4], [r.subscription.credit or r.grant.batches or r.ack.sequence
                                              for r in self.league.received])
        header, *chunks = self.league.published[1]
        weights = b"".join(c.weights for c in chunks)
        self.assertEqual(hashlib.sha256(weights).hexdigest(), header.header.mlp.sha256)
        self.assertAlmostEqual(0.5, self.probability_of_1_in_a(weights), places=6, msg="lr 0 stays uniform")

    def test_a_refused_publish_exits_1_with_the_message(self):
        self.league.batches = [made_up_batch(1, random.Random(5))]
        self.league.refuse = (grpc.StatusCode.INVALID_ARGUMENT, "3 inputs; kuhn_poker has 11")
        status, out, err = self.run_trainer("--target", self.target, "--versions", "1", "--actions", "2")
        self.assertEqual((1, ""), (status, out))
        self.assertIn("the league refused version 1: INVALID_ARGUMENT: 3 inputs; kuhn_poker has 11", err)

    def test_bad_arguments_exit_2(self):
        for argv in (["--from-file", "e.pb"], ["--target", "x:1", "--hidden", "a,b"],
                     ["--target", "x:1", "--epochs", "0"]):
            with self.assertRaises(SystemExit) as caught, contextlib.redirect_stderr(io.StringIO()):
                self.run_trainer(*argv)
            self.assertEqual(2, caught.exception.code, argv)


if __name__ == "__main__":
    unittest.main()
