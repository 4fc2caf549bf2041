"""The web shop from Python against a live server: SPARRING_SERVER=host:port (PythonClientTest starts
one whose games include webshop; the tests skip against a server without it)."""

import os
import re
import subprocess
import sys
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from sparring.client import Client, pb  # noqa: E402

SERVER = os.environ.get("SPARRING_SERVER")
# The default generated catalog (1,000 products, built once per server); every split has goals.
GAME = "webshop(products=1000, split=test, invalid_reward=-0.1)"


def setUpModule():
    if not SERVER:
        raise unittest.SkipTest("SPARRING_SERVER is not set; start `./sparring serve` and set it to host:port")
    with Client(SERVER, timeout=10) as client:
        if "webshop" not in [g.name for g in client.list_games()]:
            raise unittest.SkipTest("the server at %s does not serve webshop" % SERVER)


class WebShopTest(unittest.TestCase):
    def setUp(self):
        self.client = Client(SERVER, timeout=60)

    def tearDown(self):
        self.client.close()

    def test_text_actions_clicks_and_no_ops(self):
        session = self.client.create(GAME, seed=4, seats=[0])
        try:
            forms = [f.pattern for f in session.game.text_actions.forms]
            self.assertEqual(["search[QUERY]", "click[LABEL]"], forms)
            self.assertEqual(pb.UNUSABLE_TEXT_NO_OP, session.game.text_actions.unusable)

            wrong = session.step_text("click[buy now]")  # no such button on the search page
            self.assertTrue(wrong.no_op)
            self.assertAlmostEqual(-0.1, wrong.observations[0].rewards[0])
            self.assertEqual(1, wrong.status.move_number)

            page = session.observations[0].seat_observation.text
            instruction = page.split(" [SEP] ")[2]  # as docs/webshop.md reads it
            self.assertEqual(re.search(r"Instruction: \[SEP\] (.*?) \[SEP\]", page).group(1), instruction)
            self.assertTrue(instruction.startswith("Find me "), page)
            results = session.step_text("search[%s]" % instruction)
            self.assertFalse(results.no_op)
            names = list(results.observations[0].seat_observation.legal_action_names)
            self.assertIn("click[back to search]", names)
            products = [n for n in names if n not in ("click[back to search]", "click[next >]", "click[< prev]")]
            self.assertEqual(10, len(products), names)  # the first ten of up to 50 results
            first = products[0]
            item = session.step(first)  # a click by its name
            self.assertIn("click[buy now]", item.observations[0].seat_observation.legal_action_names)
            bought = session.step_text("Click[Buy Now]")  # a click written as text, in any case
            self.assertEqual(pb.END_STATUS_TERMINATED, bought.status.end_status)
            self.assertAlmostEqual(bought.observations[0].rewards[0] - 0.1, bought.observations[0].returns[0])
        finally:
            session.close()

    def test_the_example_searches_opens_the_first_result_and_buys(self):
        done = subprocess.run(
            [sys.executable, os.path.join(ROOT, "examples", "webshop.py"), "--server", SERVER,
             "--game", GAME, "--seed", "7"],
            capture_output=True, text=True, timeout=120)
        self.assertEqual(0, done.returncode, done.stdout + done.stderr)
        self.assertIn("instruction: ", done.stdout)
        self.assertIn("> click[buy now]", done.stdout)
        self.assertIn("moves: 3", done.stdout)
        reward = float(re.search(r"^reward: ([0-9.]+)$", done.stdout, re.MULTILINE).group(1))
        self.assertTrue(0.0 <= reward <= 1.0, done.stdout)


if __name__ == "__main__":
    unittest.main()
