"""The Python client over TLS with a bearer token: SPARRING_TLS_SERVER=host:port of a server with
TLS and tokens, SPARRING_TLS_CA (the CA file), SPARRING_TOKEN (a token it accepts), and for mutual
TLS SPARRING_TLS_CERT and SPARRING_TLS_KEY. The JUnit test PythonTlsClientTest starts such a
server and runs this module; without SPARRING_TLS_SERVER it is skipped."""

import os
import sys
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import grpc  # noqa: E402

from sparring.client import Client  # noqa: E402

SERVER = os.environ.get("SPARRING_TLS_SERVER")


def setUpModule():
    if not SERVER:
        raise unittest.SkipTest("SPARRING_TLS_SERVER is not set (PythonTlsClientTest sets it)")


def tls(**overrides):
    arguments = dict(ca=os.environ["SPARRING_TLS_CA"], token=os.environ["SPARRING_TOKEN"],
                     cert=os.environ.get("SPARRING_TLS_CERT"), key=os.environ.get("SPARRING_TLS_KEY"),
                     timeout=10)
    arguments.update(overrides)
    return Client(SERVER, **arguments)


class TlsTest(unittest.TestCase):
    def test_plays_a_game_over_tls_with_a_token(self):
        with tls() as client:
            self.assertTrue(client.server_info().games)
            session = client.create("tic_tac_toe", seed=3, seats=[0, 1])
            self.assertTrue(session.id)
            session.step(4, seat=0)
            session.close()

    def test_a_missing_token_is_unauthenticated(self):
        with tls(token=None) as client:
            with self.assertRaises(grpc.RpcError) as caught:
                client.server_info()
            self.assertEqual(grpc.StatusCode.UNAUTHENTICATED, caught.exception.code())
            self.assertIn("bearer token", caught.exception.details())

    def test_a_wrong_token_is_unauthenticated(self):
        with tls(token="not-" + os.environ["SPARRING_TOKEN"]) as client:
            with self.assertRaises(grpc.RpcError) as caught:
                client.server_info()
            self.assertEqual(grpc.StatusCode.UNAUTHENTICATED, caught.exception.code())

    def test_a_plaintext_client_cannot_connect(self):
        with Client(SERVER, timeout=5, token=os.environ["SPARRING_TOKEN"]) as client:
            with self.assertRaises(grpc.RpcError) as caught:
                client.server_info()
            self.assertEqual(grpc.StatusCode.UNAVAILABLE, caught.exception.code())

    def test_a_token_on_plaintext_rides_in_metadata(self):
        plain = os.environ.get("SPARRING_PLAIN_TOKEN_SERVER")
        if not plain:
            self.skipTest("SPARRING_PLAIN_TOKEN_SERVER is not set")
        with Client(plain, timeout=10, token=os.environ["SPARRING_TOKEN"]) as client:
            session = client.create("tic_tac_toe", seats=[0, 1])
            session.step(0, seat=0)
            session.close()
            self.assertEqual([], list(client.play(iter([]))))  # a stream call carries it too
        with Client(plain, timeout=10) as client:
            with self.assertRaises(grpc.RpcError) as caught:
                client.server_info()
            self.assertEqual(grpc.StatusCode.UNAUTHENTICATED, caught.exception.code())


if __name__ == "__main__":
    unittest.main()
