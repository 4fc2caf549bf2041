"""Sparring's Python client: ``sparring.client`` (Client, Session, AECEnv) and the generated
protocol stubs in ``sparring.v1`` (environment_pb2, environment_pb2_grpc, echo_pb2, echo_pb2_grpc)."""
