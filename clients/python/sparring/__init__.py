"""Sparring's Python client: ``sparring.client`` (Client, Session, AECEnv), ``sparring.experience``
(exported experience files), ``sparring.trainer`` (a league's experience stream and policy
publishing), ``sparring.torch_policy`` (the league's MLP in PyTorch) and the generated protocol
stubs in ``sparring.v1``."""
