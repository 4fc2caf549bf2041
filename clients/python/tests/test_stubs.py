"""The committed stubs in sparring/v1 are what generate.sh makes from the current .proto files."""

import filecmp
import os
import shutil
import subprocess
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STUBS = ["echo_pb2.py", "echo_pb2_grpc.py", "environment_pb2.py", "environment_pb2_grpc.py",
         "trajectory_pb2.py", "trajectory_pb2_grpc.py", "agent_pb2.py", "agent_pb2_grpc.py",
         "observation_pb2.py", "observation_pb2_grpc.py", "experience_pb2.py", "experience_pb2_grpc.py",
         "policy_pb2.py", "policy_pb2_grpc.py"]
# The versions the committed stubs were made with; other versions write other (valid) code.
PROTOC = "libprotoc 3.21.12"


class StubsTest(unittest.TestCase):
    def test_committed_stubs_match_the_protos(self):
        protoc = shutil.which("protoc")
        plugin = shutil.which("grpc_python_plugin")
        on_ci = os.environ.get("CI") == "true"
        if not protoc or not plugin:
            message = "protoc or grpc_python_plugin missing: apt-get install protobuf-compiler protobuf-compiler-grpc"
            if on_ci:
                self.fail(message)
            self.skipTest(message)
        version = subprocess.run([protoc, "--version"], capture_output=True, text=True).stdout.strip()
        if version != PROTOC:
            self.skipTest("protoc is %r, the stubs were made with %r" % (version, PROTOC))
        with tempfile.TemporaryDirectory() as out:
            subprocess.run(["sh", os.path.join(ROOT, "generate.sh"), out], check=True)
            for name in STUBS:
                fresh = os.path.join(out, "sparring", "v1", name)
                committed = os.path.join(ROOT, "sparring", "v1", name)
                self.assertTrue(filecmp.cmp(fresh, committed, shallow=False),
                                "sparring/v1/%s is stale: run clients/python/generate.sh and commit" % name)


if __name__ == "__main__":
    unittest.main()
