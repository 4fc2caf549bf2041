"""examples/text_trainer.py: its OpenAI-compatible endpoint over HTTP, what it reads from prompts and
messages, its training on made-up rows, and its loop against the fake league of test_trainer. Skips
without python3-torch, and fails without it when CI=true."""

import contextlib
import http.client
import io
import json
import math
import unittest

import grpc

from test_trainer import FakeLeague, LeagueTestCase, batch, load_example, require_torch, torch

from sparring.trainer import pb

# What a tic-tac-toe seat sees (AbstractState.observationText), and the rules paragraph it starts with.
RULES = "Tic-tac-toe. Two players, X and O, take turns marking an empty cell of a 3x3 grid."
BOARD = ("You are Player 0 (X).\n    0   1   2\n0   X |   | O\n   ---+---+---\n1     |   |  \n   ---+---+---\n"
         "2     |   |  \nX to move.\nIt is your turn. Legal actions: X(0,1), X(1,0), X(1,1), X(1,2), X(2,0),"
         " X(2,1), X(2,2).")
NAMES = ["X(0,1)", "X(1,0)", "X(1,1)", "X(1,2)", "X(2,0)", "X(2,1)", "X(2,2)"]
LEGAL = [1, 3, 4, 5, 6, 7, 8]


def user_message(observation=BOARD):
    """The llm agent's generator prompt for an observation (agents/.../prompts/generator.txt)."""
    listed = "\n".join("[%d] %s" % pair for pair in zip(LEGAL, NAMES))
    return ("Rules of tic_tac_toe: %s\n\n%s\n\nLegal actions (number and name):\n%s\nYou are seat 0. Choose your"
            " action. End with <answer>ACTION</answer>, where ACTION is one legal action's number or its name"
            " exactly as listed." % (RULES, observation, listed))


def turn(name, advantage, prompt=BOARD, **fields):
    """A row of the seat above that applied ``name`` (MARS unless ``fields`` say otherwise)."""
    fields = {"applied": True, "credit": pb.CREDIT_MARS, **fields}
    return pb.ExperienceTurn(prompt=prompt, legal_actions=LEGAL, action_index=LEGAL[NAMES.index(name)],
                             action_name=name, advantage=advantage, **fields)


def centre_batch(sequence):
    """Taking the centre is worth +1, anything else -1; a MALT row and a refused proposal say otherwise."""
    turns = [turn(name, 1.0 if name == "X(1,1)" else -1.0) for name in NAMES]
    turns.append(turn("X(0,1)", 5.0, credit=pb.CREDIT_MALT))
    turns.append(turn("X(0,1)", 5.0, applied=False))
    return batch(sequence, turns, game="tic_tac_toe")


class TextTrainerTestCase(LeagueTestCase):
    def setUp(self):
        require_torch(self)
        super().setUp()
        self.trainer = load_example("text_trainer")
        torch.manual_seed(1)
        self.policy = self.trainer.TextPolicy(width=16, layers=1)

    def probability(self, policy, name, observation=BOARD):
        with torch.no_grad():
            return policy.log_probs([observation], [NAMES])[0][0, NAMES.index(name)].exp().item()


class EndpointTest(TextTrainerTestCase):
    def setUp(self):
        super().setUp()
        self.models = self.trainer.Models("policy", self.policy)
        self.endpoint = self.trainer.serve(self.models, 0)
        self.connection = http.client.HTTPConnection("127.0.0.1", self.endpoint.server_address[1], timeout=10)

    def tearDown(self):
        self.connection.close()
        self.endpoint.shutdown()
        self.endpoint.server_close()
        super().tearDown()

    def call(self, method, path, body=None):
        self.connection.request(method, path, json.dumps(body) if body is not None else None,
                                {"Content-Type": "application/json"})
        response = self.connection.getresponse()
        return response.status, json.loads(response.read())

    def chat(self, model="policy", seed=7, **more):
        request = {"model": model, "seed": seed, "temperature": 1, "messages": [
            {"role": "system", "content": "You are a careful player."}, {"role": "user", "content": user_message()}]}
        request.update(more)
        return self.call("POST", "/v1/chat/completions", request)

    def answer(self, reply):
        content = reply["choices"][0]["message"]["content"]
        self.assertRegex(content, r"^<answer>[^<]+</answer>$")
        return content[len("<answer>"):-len("</answer>")]

    def test_the_model_list_has_the_base_name_then_each_version(self):
        listed = {"object": "list", "data": [{"id": "policy", "object": "model", "owned_by": "text_trainer"}]}
        self.assertEqual((200, listed), self.call("GET", "/v1/models"))
        self.assertEqual("policy@1", self.models.add(1, self.policy))
        self.assertEqual(["policy", "policy@1"], [m["id"] for m in self.call("GET", "/v1/models")[1]["data"]])

    def test_a_completion_answers_a_legal_name_and_its_log_probability(self):
        status, reply = self.chat(logprobs=True)
        self.assertEqual(200, status)
        self.assertEqual(("chat.completion", "policy", "stop"),
                         (reply["object"], reply["model"], reply["choices"][0]["finish_reason"]))
        name = self.answer(reply)
        self.assertIn(name, NAMES)
        (token,) = reply["choices"][0]["logprobs"]["content"]
        self.assertEqual(reply["choices"][0]["message"]["content"], token["token"])
        self.assertAlmostEqual(-math.log(len(NAMES)), token["logprob"], places=5, msg="version 0 is uniform")
        self.assertNotIn("logprobs", self.chat()[1]["choices"][0], "only when asked")

    def test_the_same_seed_gives_the_same_answer_and_seeds_vary_it(self):
        self.models.add(1, self.policy)
        for model in ("policy", "policy@1"):
            self.assertEqual(self.answer(self.chat(model, seed=3)[1]), self.answer(self.chat(model, seed=3)[1]))
        self.assertGreater(len({self.answer(self.chat(seed=seed)[1]) for seed in range(20)}), 2)

    def test_temperature_zero_plays_the_most_likely_action(self):
        with torch.no_grad():
            self.policy.state.bias.copy_(self.policy.names(["X(2,0)"])[0])  # every state prefers X(2,0)
        models = self.trainer.Models("policy", self.policy)
        self.assertEqual(("X(2,0)", 0.0), models.choose("policy", BOARD, NAMES, 1, 0))

    def test_an_unknown_model_is_404_and_a_message_without_legal_actions_400(self):
        status, reply = self.chat("policy@9")
        self.assertEqual((404, "model_not_found"), (status, reply["error"]["code"]))
        self.assertIn("policy@9", reply["error"]["message"])
        status, reply = self.call("POST", "/v1/chat/completions", {"model": "policy", "messages": [
            {"role": "user", "content": "You are the verifier. <answer>accept</answer> or reject?"}]})
        self.assertEqual(400, status)
        self.assertIn("no legal actions", reply["error"]["message"])
        self.assertEqual(404, self.call("GET", "/v1/other")[0])


class ReadingTest(TextTrainerTestCase):
    def test_prompt_and_message_give_the_same_observation(self):
        self.assertEqual(BOARD, self.trainer.observation_of("Rules: %s\n\n%s" % (RULES, BOARD)))
        self.assertEqual(BOARD, self.trainer.observation_of(BOARD))
        self.assertEqual(BOARD, self.trainer.observation_of(user_message()))

    def test_the_names_are_the_observations_legal_actions(self):
        self.assertEqual(NAMES, self.trainer.listed_names(BOARD))
        self.assertEqual([], self.trainer.listed_names("The game is over. Your return: +1."))

    def test_rows_without_readable_names_are_skipped(self):
        rows, skipped = self.trainer.examples(batch(1, [
            turn("X(1,1)", 1.0), turn("X(1,1)", 1.0, prompt="You are Player 0 (X). It is your turn."),
            turn("X(1,1)", 1.0, token_logprobs=[-0.5])]))
        self.assertEqual(1, skipped)
        self.assertEqual([(BOARD, NAMES, 2, 1.0, None), (BOARD, NAMES, 2, 1.0, -0.5)], rows)


class TrainingTest(TextTrainerTestCase):
    def learner(self, **options):
        args = self.trainer.parse(["--target", "x:1", "--epochs", "5", "--lr", "0.01", *sum(
            (["--" + key, str(value)] for key, value in options.items()), [])])
        return self.trainer.Learner(args, self.policy)

    def test_a_fresh_policy_is_uniform(self):
        for name in NAMES:
            self.assertAlmostEqual(1 / len(NAMES), self.probability(self.policy, name), places=6)

    def test_training_raises_the_rewarded_action(self):
        learner = self.learner()
        for sequence in range(1, 4):
            learner.train(centre_batch(sequence))
        self.assertGreater(self.probability(self.policy, "X(1,1)"), 0.4)
        self.assertRegex(learner.finish_version(1), r"^version 1: batches 1-3, 21 turns, loss -?\d+\.\d{3}, entropy "
                         r"\d\.\d\d, trained in \d+\.\d s on cpu$")

    def test_learning_rate_zero_changes_nothing(self):
        learner = self.learner(lr=0)
        learner.train(centre_batch(1))
        self.assertAlmostEqual(1 / len(NAMES), self.probability(self.policy, "X(1,1)"), places=6)


class FiniteLeague(FakeLeague):
    """Ends the stream once the last batch is acknowledged, as a league whose run is over."""

    def Subscribe(self, requests, context):
        def until_the_last_ack():
            for request in requests:
                yield request
                if self.batches and request.ack.sequence == self.batches[-1].sequence:
                    return

        return super().Subscribe(until_the_last_ack(), context)


class OnlineTest(TextTrainerTestCase):
    def setUp(self):
        super().setUp()
        self.league = FiniteLeague()

    def run_trainer(self, *argv):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = self.trainer.main(["--target", self.target, "--width", "16", "--layers", "1", *argv])
        return status, out.getvalue(), err.getvalue()

    def test_it_trains_serves_and_publishes_each_version_then_acknowledges_until_the_end(self):
        self.league.batches = [centre_batch(s) for s in range(1, 6)]
        status, out, err = self.run_trainer("--versions", "2", "--batches-per-version", "2", "--model-name", "ttt")
        self.assertEqual((0, ""), (status, err))
        lines = out.splitlines()
        self.assertRegex(lines[0], r"^serving http://127\.0\.0\.1:\d+/v1$")
        self.assertEqual(["version 1: batches 1-2, 14 turns,", "version 2: batches 3-4, 14 turns,"],
                         [line[:33] for line in lines[1:]])
        self.assertRegex(lines[1], r"; served 0 requests, 0\.0 ms each$")
        self.assertEqual([("ttt", 1, 2), ("ttt", 2, 4)], [(h.model.name, h.version, h.trained_through_sequence)
                                                          for h in self.league.headers()])
        self.wait_for(lambda: self.league.ended.is_set())
        # credit 2; acks 1 and 2, grant 2; acks 3 and 4, grant 2; batch 5, after the last version,
        # acknowledged untrained (and the league ends)
        self.assertEqual([2, 1, 2, 2, 3, 4, 2, 5], [r.subscription.credit or r.grant.batches or r.ack.sequence
                                                    for r in self.league.received])

    def test_it_waits_for_a_league_that_does_not_have_the_player_yet(self):
        calls = []

        class NotYet(FiniteLeague):
            def Subscribe(self, requests, context):
                calls.append(1)
                if len(calls) < 3:
                    context.abort(grpc.StatusCode.NOT_FOUND, "no external player 'main' in this league")
                return super().Subscribe(requests, context)

        self.league = NotYet()
        self.league.batches = [centre_batch(1)]
        status, out, err = self.run_trainer("--versions", "1")
        self.assertEqual((0, ""), (status, err))
        self.assertEqual(3, len(calls))
        self.assertEqual(1, len(self.league.headers()))

    def test_failures_exit_1_with_a_message(self):
        status, out, err = self.run_trainer("--versions", "1", "--target", "127.0.0.1:1", "--wait", "0.3")
        self.assertEqual(1, status)
        self.assertIn("no league served player main at 127.0.0.1:1 within 0.3 s: UNAVAILABLE", err)
        self.league.batches = [centre_batch(1)]
        status, out, err = self.run_trainer("--versions", "2")
        self.assertEqual(1, status)
        self.assertIn("the league ended the stream after 1 of 2 versions", err)
        self.league.refuse = (grpc.StatusCode.UNAVAILABLE, "did not list policy@1 within 30 s")
        status, out, err = self.run_trainer("--versions", "1")
        self.assertEqual(1, status)
        self.assertIn("the league refused version 1: UNAVAILABLE: did not list policy@1 within 30 s", err)

    def test_bad_arguments_exit_2(self):
        for argv in (["--model-name", "a b"], ["--width", "18"], ["--epochs", "0"], ["--serve-port", "70000"]):
            with self.assertRaises(SystemExit) as caught, contextlib.redirect_stderr(io.StringIO()):
                self.trainer.parse(["--target", "x:1", *argv])
            self.assertEqual(2, caught.exception.code, argv)


if __name__ == "__main__":
    unittest.main()
