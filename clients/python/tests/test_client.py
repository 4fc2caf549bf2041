"""The Python client against a live server: SPARRING_SERVER=host:port (the JUnit test
PythonClientTest starts one and runs this suite; or point it at `./sparring serve`)."""

import os
import random
import subprocess
import sys
import threading
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import grpc  # noqa: E402

from sparring.client import AECEnv, Client, pb, tensor_values  # noqa: E402

SERVER = os.environ.get("SPARRING_SERVER")


def setUpModule():
    if not SERVER:
        raise unittest.SkipTest("SPARRING_SERVER is not set; start `./sparring serve` and set it to host:port")


def play_random(env, rng):
    """The PettingZoo loop with random legal actions; returns the agents seen at the end."""
    env.reset()
    ended = []
    for agent in env.agent_iter():
        observation, reward, termination, truncation, info = env.last()
        if termination or truncation:
            ended.append(agent)
            env.step(None)
        else:
            mask = observation["action_mask"]
            env.step(rng.choice([a for a, legal in enumerate(mask) if legal]))
    return ended


class ClientTest(unittest.TestCase):
    def setUp(self):
        self.client = Client(SERVER, timeout=10)

    def tearDown(self):
        self.client.close()

    def test_server_info_and_games(self):
        info = self.client.server_info()
        self.assertEqual("1.2", info.protocol_version)
        self.assertIn("tic_tac_toe", info.games)
        kuhn = [g for g in self.client.list_games() if g.name == "kuhn_poker"][0]
        self.assertEqual("players", kuhn.parameters[0].name)
        self.assertEqual(pb.CHANCE_MODE_EXPLICIT, kuhn.defaults.chance_mode)

    def test_session_api_plays_to_the_end(self):
        session = self.client.create("tic_tac_toe", seed=3, seats=[0, 1])
        self.assertTrue(session.id.startswith("s_"))
        for seat, cell in [(0, 0), (1, 3), (0, "X(0,1)"), (1, 4)]:
            response = session.step(cell, seat=seat)
            self.assertTrue(response.applied)
        final = session.step("X(0,2)", seat=0)
        self.assertEqual(pb.END_STATUS_TERMINATED, final.status.end_status)
        self.assertEqual([1.0, -1.0], list(session.observations[0].returns))
        self.assertEqual(1, session.close().episodes)

    def test_word_chain_plays_by_text(self):
        session = self.client.create("word_chain(rounds=2)", seed=1, seats=[0, 1])
        forms = session.game.text_actions.forms
        self.assertEqual(["say[WORD]"], [f.pattern for f in forms])
        self.assertEqual(pb.UNUSABLE_TEXT_NO_OP, session.game.text_actions.unusable)
        self.assertEqual([0], list(session.game.observation_tensor_shape))
        self.assertIn("say[WORD]", session.observations[0].seat_observation.text)
        self.assertFalse(session.step_text(forms[0].example, seat=0).no_op)
        self.assertFalse(session.step_text("say[egg]", seat=1).no_op)
        repeat = session.step_text("say[apple]", seat=0)
        self.assertTrue(repeat.no_op)
        self.assertEqual([-1.0, 0.0], list(session.observations[0].rewards))
        final = session.step_text("say[goat]", seat=1)
        self.assertEqual(pb.END_STATUS_TERMINATED, final.status.end_status)
        self.assertEqual([0.0, 2.0], list(session.observations[1].returns))
        session.close()
        tic_tac_toe = self.client.create("tic_tac_toe", seats=[0])
        with self.assertRaises(grpc.RpcError) as refused:
            tic_tac_toe.step_text("say[apple]")
        self.assertEqual(grpc.StatusCode.INVALID_ARGUMENT, refused.exception.code())
        tic_tac_toe.close()

    def test_errors_carry_the_status_and_an_actionable_message(self):
        session = self.client.create("tic_tac_toe", seats=[0])
        with self.assertRaises(grpc.RpcError) as illegal:
            session.step(9)
        self.assertEqual(grpc.StatusCode.INVALID_ARGUMENT, illegal.exception.code())
        self.assertIn("is not legal for seat 0; legal: [0 X(0,0)", illegal.exception.details())
        guest = self.client.join(session.id)
        self.assertEqual([1], guest.seats)
        with self.assertRaises(grpc.RpcError) as out_of_turn:
            guest.step(0)
        self.assertEqual(grpc.StatusCode.FAILED_PRECONDITION, out_of_turn.exception.code())
        with self.assertRaises(grpc.RpcError) as not_yours:
            guest.step(0, seat=0)
        self.assertEqual(grpc.StatusCode.PERMISSION_DENIED, not_yours.exception.code())
        with self.assertRaises(grpc.RpcError) as taken:
            self.client.join(session.id, seats=[1])
        self.assertEqual(grpc.StatusCode.ALREADY_EXISTS, taken.exception.code())
        with self.assertRaises(grpc.RpcError) as not_owner:
            guest.close()
        self.assertEqual(grpc.StatusCode.PERMISSION_DENIED, not_owner.exception.code())
        with self.assertRaises(grpc.RpcError) as bad_spec:
            self.client.create("kuhn_poker(players=9)")
        self.assertEqual(grpc.StatusCode.INVALID_ARGUMENT, bad_spec.exception.code())
        self.assertIn("must be between 2 and 3, got 9", bad_spec.exception.details())
        session.close()
        with self.assertRaises(grpc.RpcError) as gone:
            guest.observe()
        self.assertEqual(grpc.StatusCode.NOT_FOUND, gone.exception.code())
        self.assertIn("was closed by its owner", gone.exception.details())

    def test_a_wait_ends_at_its_deadline(self):
        session = self.client.create("tic_tac_toe", seats=[0])
        guest = self.client.join(session.id)
        with self.assertRaises(grpc.RpcError) as late:
            guest.observe(wait=True, timeout=0.2)
        # The server answers just before the deadline (or the client's own timer fires first): the
        # code is DEADLINE_EXCEEDED either way, never the CANCELLED of a call reset by the server.
        self.assertEqual(grpc.StatusCode.DEADLINE_EXCEEDED, late.exception.code(), late.exception.details())
        session.close()

    def test_play_stream_answers_pipelined_requests_in_order(self):
        session = self.client.create("tic_tac_toe", seats=[0, 1])

        def step(i, seat, cell):
            return pb.PlayRequest(id=i, step=pb.StepRequest(
                session_id=session.id, token=session.token, seat=seat, action=pb.Action(index=cell)))

        requests = [step(1, 0, 4), step(2, 1, 4), step(3, 1, 0), pb.PlayRequest(id=4)]
        answers = list(self.client.play(iter(requests), timeout=10))
        self.assertEqual([1, 2, 3, 4], [a.id for a in answers])
        self.assertTrue(answers[0].step.applied)
        self.assertEqual(grpc.StatusCode.INVALID_ARGUMENT.value[0], answers[1].error.code)
        self.assertTrue(answers[2].step.applied)
        self.assertIn("carries no request", answers[3].error.message)
        session.close()


class AECTest(unittest.TestCase):
    def setUp(self):
        self.client = Client(SERVER, timeout=10)

    def tearDown(self):
        self.client.close()

    def test_one_client_plays_every_seat(self):
        env = AECEnv(self.client, game="kuhn_poker(players=3)", seed=11, timeout=10)
        self.assertEqual(["player_0", "player_1", "player_2"], env.possible_agents)
        ended = play_random(env, random.Random(1))
        self.assertEqual(sorted(ended), env.possible_agents, "every agent saw the end once")
        self.assertEqual([], env.agents)
        returns = env.session.observations[0].returns
        self.assertAlmostEqual(0.0, sum(returns))
        # Cumulative rewards since each agent's last action add up with what it had before.
        self.assertEqual(pb.END_STATUS_TERMINATED, env.session.status.end_status)
        # A second episode after reset.
        play_random(env, random.Random(2))
        self.assertEqual(2, env.session.status.episode)
        env.close()

    def test_two_clients_on_two_channels_share_a_game(self):
        owner = AECEnv(self.client, game="tic_tac_toe", seed=5, seats=[0], timeout=10)
        other_client = Client(SERVER, timeout=10)
        guest = AECEnv(other_client, session_id=owner.session.id, timeout=10)
        self.assertEqual(["player_1"], guest.my_agents)
        results = {}

        def run(name, env, seed):
            try:
                results[name] = play_random(env, random.Random(seed))
            except Exception as e:  # reported by the assertion below
                results[name] = e

        threads = [threading.Thread(target=run, args=("x", owner, 1)),
                   threading.Thread(target=run, args=("o", guest, 2))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        self.assertEqual({"x": ["player_0"], "o": ["player_1"]}, results)
        x = owner.session.observations[0].returns
        o = guest.session.observations[1].returns
        self.assertEqual(list(x), list(o))
        owner.close()
        other_client.close()

    def test_observations_carry_the_mask_and_text(self):
        env = AECEnv(self.client, game="tic_tac_toe", timeout=10)
        env.reset()
        observation, reward, termination, truncation, info = env.last()
        self.assertEqual([1] * 9, observation["action_mask"])
        self.assertEqual(27, len(observation["observation"]))
        # the default (SEAT) view sends the shared message without the older copies
        o = env.session.observations[0]
        self.assertEqual([3, 3, 3], list(o.seat_observation.tensor.shape))
        self.assertEqual(tensor_values(o.seat_observation.tensor), observation["observation"])
        self.assertEqual(("", False, []), (o.text, o.HasField("tensor"), list(o.legal_action_names)))
        self.assertIn(1.0, observation["observation"])
        self.assertIn("It is your turn", observation["text"])
        self.assertEqual("X(0,0)", observation["legal_action_names"][0])
        # FULL adds them, the same values as the shared message's float32 bytes; without
        # seat_observation (a server older than it) the AEC view reads them instead
        full = env.session.observe(seats=[0], view=pb.OBSERVATION_VIEW_FULL).observations[0]
        self.assertEqual(list(full.tensor.values), tensor_values(full.seat_observation.tensor))
        full.ClearField("seat_observation")
        env.session.observations[0] = full
        self.assertEqual(observation, env.observe("player_0"))
        env.step("X(1,1)")
        self.assertEqual("player_1", env.agent_selection)
        self.assertEqual(0, env.observe("player_1")["action_mask"][4])
        env.close()

    def test_simultaneous_seats_are_selected_in_turn(self):
        try:
            env = AECEnv(self.client, game="test_pennies", timeout=10)
        except grpc.RpcError as e:
            if e.code() != grpc.StatusCode.INVALID_ARGUMENT:
                raise
            self.skipTest("the server has no simultaneous test game (the JUnit driver adds one)")
        env.reset()
        self.assertEqual("player_0", env.agent_selection)
        env.step("heads")
        self.assertEqual("player_1", env.agent_selection, "seat 0 has acted; the step waits for seat 1")
        self.assertEqual(0, env.session.status.move_number)
        env.step("tails")
        self.assertEqual(1, env.session.status.move_number)
        observation, reward, *_ = env.last()
        self.assertEqual("player_0", env.agent_selection)
        self.assertEqual(-1.0, reward, "coins differed: seat 0 lost the round")
        env.close()


class ExampleTest(unittest.TestCase):
    def test_two_processes_play_the_two_seats_of_one_game(self):
        done = subprocess.run(
            [sys.executable, os.path.join(ROOT, "examples", "two_processes.py"), "--server", SERVER,
             "--grace", "0.5", "--timeout", "30"],
            capture_output=True, text=True, timeout=60)
        self.assertEqual(0, done.returncode, done.stdout + done.stderr)
        self.assertIn("both processes finished session s_", done.stdout)
        self.assertEqual(2, done.stdout.count("returns: "), done.stdout)
        self.assertIn("player_0: the game is over", done.stdout)
        self.assertIn("player_1: the game is over", done.stdout)


if __name__ == "__main__":
    unittest.main()
