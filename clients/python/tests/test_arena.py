"""The arena from Python against a live server: SPARRING_SERVER=host:port (PythonClientTest starts
one whose games include arena; the tests skip against a server without it)."""

import os
import re
import subprocess
import sys
import unittest

import grpc

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from sparring.client import Client, pb  # noqa: E402

SERVER = os.environ.get("SPARRING_SERVER")


def setUpModule():
    if not SERVER:
        raise unittest.SkipTest("SPARRING_SERVER is not set; start `./sparring serve` and set it to host:port")
    with Client(SERVER, timeout=10) as client:
        if "arena" not in [g.name for g in client.list_games()]:
            raise unittest.SkipTest("the server at %s does not serve arena" % SERVER)


class ArenaTest(unittest.TestCase):
    def setUp(self):
        self.client = Client(SERVER, timeout=60)

    def tearDown(self):
        self.client.close()

    def test_one_client_holds_a_side_and_another_the_other(self):
        home = self.client.create("arena(mode=soccer, seconds=2)", seed=5, seats=[0, 1])
        away = self.client.join(home.id, seats=[2, 3])
        try:
            self.assertEqual([[0, 1], [2, 3]], [list(side.seats) for side in home.game.sides])
            with self.assertRaises(grpc.RpcError) as refused:
                home.step_text("move_to 0 11", seat=0)
            self.assertEqual(grpc.StatusCode.INVALID_ARGUMENT, refused.exception.code())
            self.assertIn("Y in [-10, 10]", refused.exception.details())
            while True:
                home.step_text("kick 20 0", seat=0)
                home.step("forward", seat=1)
                away.step_text("move_to -19 0", seat=2)
                response = away.step(0, seat=3)
                if response.status.end_status != pb.END_STATUS_RUNNING:
                    break
            returns = list(response.observations[0].returns)
            self.assertEqual(returns[2], returns[3])
            self.assertEqual(2 * 60 // 5, response.status.move_number)
        finally:
            home.close()  # the owner's close ends the session for both

    def test_the_example_walks_to_beacons_from_the_text(self):
        done = subprocess.run(
            [sys.executable, os.path.join(ROOT, "examples", "arena.py"), "--server", SERVER,
             "--seconds", "20", "--seed", "3"],
            capture_output=True, text=True, timeout=120)
        self.assertEqual(0, done.returncode, done.stdout + done.stderr)
        beacons = int(re.search(r"^beacons: (\d+)$", done.stdout, re.MULTILINE).group(1))
        self.assertGreaterEqual(beacons, 2, done.stdout)


if __name__ == "__main__":
    unittest.main()
