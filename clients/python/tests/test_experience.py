"""sparring.experience.read_batches: files written here, and a file a Java test exported from a real
league run (ExperienceCommandTest sets SPARRING_EXPERIENCE_FILE and what it holds)."""

import os
import sys
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from google.protobuf.internal.encoder import _VarintBytes  # noqa: E402

from sparring.experience import pb, read_batches  # noqa: E402


def _write(path, batches):
    with open(path, "wb") as f:
        for batch in batches:
            data = batch.SerializeToString()
            f.write(_VarintBytes(len(data)) + data)


class ReadBatchesTest(unittest.TestCase):
    def test_reads_back_what_was_written_across_chunk_boundaries(self):
        batches = []
        for sequence in range(1, 40):
            batch = pb.ExperienceBatch(run_id="run", batch=sequence, sequence=sequence, player="main")
            for k in range(sequence * 10):
                batch.turns.add(match_index=k, prompt="x" * (sequence * 97), advantage=k / 7.0,
                                credit=pb.CREDIT_MARS)
            batches.append(batch)
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "e.pb")
            _write(path, batches)
            self.assertGreater(os.path.getsize(path), 1 << 20, "spans more than one read")
            self.assertEqual(batches, list(read_batches(path)))

    def test_an_empty_file_has_no_batches_and_a_truncated_one_is_an_error(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "e.pb")
            _write(path, [])
            self.assertEqual([], list(read_batches(path)))
            _write(path, [pb.ExperienceBatch(player="main", turns=[pb.ExperienceTurn(prompt="p")])])
            with open(path, "rb") as f:
                data = f.read()
            with open(path, "wb") as f:
                f.write(data[:-1])
            with self.assertRaisesRegex(ValueError, "ends inside the message at byte 0"):
                list(read_batches(path))


@unittest.skipUnless(os.environ.get("SPARRING_EXPERIENCE_FILE"),
                     "SPARRING_EXPERIENCE_FILE is not set (ExperienceCommandTest sets it)")
class ExportedFileTest(unittest.TestCase):
    def test_a_league_export_reads_with_its_rows_and_statistics(self):
        path = os.environ["SPARRING_EXPERIENCE_FILE"]
        batches = list(read_batches(path))
        self.assertEqual(int(os.environ["SPARRING_EXPERIENCE_BATCHES"]), len(batches))
        self.assertEqual(int(os.environ["SPARRING_EXPERIENCE_TURNS"]), sum(len(b.turns) for b in batches))
        self.assertEqual(sorted(b.sequence for b in batches), [b.sequence for b in batches])
        for batch in batches:
            self.assertEqual("main", batch.player)
            self.assertEqual("game_seat", batch.advantage.group_key)
            keys = {s.key for s in batch.statistics}
            for turn in batch.turns:
                self.assertEqual(pb.CREDIT_MARS, turn.credit)
                self.assertIn(turn.group_key, keys)
                self.assertEqual("main-b%d" % (batch.batch - 1), turn.policy_label)
                self.assertIn(turn.completion, ("pass", "bet"))
                self.assertTrue(turn.prompt)
            # MARS advantages are centred per group: each group's mean over all its turns is 0;
            # this player holds every learning turn here, so its rows average 0 per group.
            for key in keys:
                values = [t.advantage for t in batch.turns if t.group_key == key]
                self.assertAlmostEqual(0.0, sum(values) / len(values), places=9)


if __name__ == "__main__":
    unittest.main()
