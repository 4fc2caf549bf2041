"""A Python client for the Sparring environment server (protocol sparring.v1).

Two levels:

* ``Client`` and ``Session``: the RPCs, one method each, returning the protobuf messages of
  ``sparring.v1`` (see docs/protocol.md). Errors are ``grpc.RpcError`` with the server's status
  code and an actionable message (``err.code()``, ``err.details()``).
* ``AECEnv``: a PettingZoo-AEC-shaped view of one session for the seats this client holds
  (``reset``, ``agent_iter``, ``last``, ``step``, ``observe``; the action mask is in the
  observation). Seats held by other clients, in other processes or languages, are simply not
  among ``agents``: ``agent_iter`` waits for them to move.

Needs only Debian's python3-grpcio and python3-protobuf.
"""

import array
import sys

import grpc

from sparring.v1 import environment_pb2 as pb
from sparring.v1 import environment_pb2_grpc as pb_grpc

__all__ = ["Client", "Session", "AECEnv", "pb", "tensor_values"]

# The default view: Observation.seat_observation (text, tensor, names, mask) without the older
# text, tensor and legal_action_names copies that FULL adds; AECEnv reads either.
SEAT = pb.OBSERVATION_VIEW_SEAT
FULL = pb.OBSERVATION_VIEW_FULL
COMPACT = pb.OBSERVATION_VIEW_COMPACT
NONE = pb.OBSERVATION_VIEW_NONE


def tensor_values(tensor):
    """The values of a FloatTensor (little-endian float32 bytes, row-major), as a flat list of floats.
    With numpy, ``numpy.frombuffer(tensor.float32_le, dtype="<f4")`` reads them without a copy."""
    values = array.array("f", tensor.float32_le)
    if sys.byteorder == "big":
        values.byteswap()
    return values.tolist()


def _action(action):
    """An Action message from an int (index), a str (name) or an Action."""
    if isinstance(action, pb.Action):
        return action
    if isinstance(action, bool):
        raise TypeError("an action is an int index or a str name, not a bool")
    if isinstance(action, int):
        return pb.Action(index=action)
    if isinstance(action, str):
        return pb.Action(name=action)
    raise TypeError("an action is an int index or a str name, got %r" % (action,))


def _read(path):
    with open(path, "rb") as f:
        return f.read()


def _channel(target, ca, cert, key, token, tls, options=None):
    """A channel to ``target``: TLS when a CA, a client certificate or ``tls`` is given; a token
    rides on every call as ``authorization: Bearer <token>``; ``options`` are gRPC channel options."""
    if (cert is None) != (key is None):
        raise ValueError("a client certificate (cert=) needs its key (key=), and a key its certificate")
    if ca is not None or cert is not None or tls:
        credentials = grpc.ssl_channel_credentials(
            root_certificates=_read(ca) if ca is not None else None,
            private_key=_read(key) if key is not None else None,
            certificate_chain=_read(cert) if cert is not None else None)
        if token is not None:
            credentials = grpc.composite_channel_credentials(
                credentials, grpc.access_token_call_credentials(token))
        return grpc.secure_channel(target, credentials, options=options)
    channel = grpc.insecure_channel(target, options=options)
    if token is not None:
        # gRPC's call credentials need TLS; on plaintext (loopback, or a server with --insecure
        # tokens) the header is added by an interceptor instead.
        channel = grpc.intercept_channel(channel, _BearerToken(token))
    return channel


class _BearerToken(grpc.UnaryUnaryClientInterceptor, grpc.UnaryStreamClientInterceptor,
                   grpc.StreamUnaryClientInterceptor, grpc.StreamStreamClientInterceptor):
    """Adds ``authorization: Bearer <token>`` to every call of a plaintext channel."""

    def __init__(self, token):
        self._header = ("authorization", "Bearer " + token)

    def __repr__(self):
        return "_BearerToken(hidden)"

    def _details(self, details):
        metadata = list(details.metadata or []) + [self._header]
        return _CallDetails(details.method, details.timeout, metadata, details.credentials,
                            getattr(details, "wait_for_ready", None), getattr(details, "compression", None))

    def intercept_unary_unary(self, continuation, details, request):
        return continuation(self._details(details), request)

    def intercept_unary_stream(self, continuation, details, request):
        return continuation(self._details(details), request)

    def intercept_stream_unary(self, continuation, details, requests):
        return continuation(self._details(details), requests)

    def intercept_stream_stream(self, continuation, details, requests):
        return continuation(self._details(details), requests)


class _CallDetails(grpc.ClientCallDetails):
    def __init__(self, method, timeout, metadata, credentials, wait_for_ready, compression):
        self.method = method
        self.timeout = timeout
        self.metadata = metadata
        self.credentials = credentials
        self.wait_for_ready = wait_for_ready
        self.compression = compression


class Client:
    """A connection to a Sparring server.

    ``Client("127.0.0.1:50051")`` opens an insecure channel (the server binds to loopback by
    default); pass ``channel=`` to use one of your own. ``timeout`` (seconds) bounds every call
    except waits for a turn, which take their own.

    Against a server started with TLS and tokens (``serve --tls-cert ... --tokens ...``)::

        Client("host:50051", ca="ca.crt", token=os.environ["SPARRING_TOKEN"])
        Client("host:50051", ca="ca.crt", cert="me.crt", key="me.key")   # mutual TLS

    ``ca`` is the PEM file of the CA that signed the server's certificate (``tls=True`` without
    it trusts the system's CAs); ``cert`` and ``key`` are this client's PEM certificate and key
    for mutual TLS; ``token`` is sent as ``authorization: Bearer <token>`` on every call.
    """

    def __init__(self, target="127.0.0.1:50051", channel=None, timeout=30.0,
                 ca=None, cert=None, key=None, token=None, tls=False):
        self._own_channel = channel is None
        self.channel = channel if channel is not None else _channel(target, ca, cert, key, token, tls)
        self.stub = pb_grpc.EnvironmentStub(self.channel)
        self.timeout = timeout

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def wait_until_ready(self, timeout=None):
        """Blocks until the server answers connections (grpc.FutureTimeoutError after timeout s)."""
        grpc.channel_ready_future(self.channel).result(timeout=timeout)

    def close(self):
        """Closes the channel if this client opened it."""
        if self._own_channel:
            self.channel.close()

    def server_info(self):
        return self.stub.GetServerInfo(pb.GetServerInfoRequest(), timeout=self.timeout)

    def list_games(self):
        """The server's games (GameInfo messages: name, parameters, facts at defaults)."""
        return list(self.stub.ListGames(pb.ListGamesRequest(), timeout=self.timeout).games)

    def create(self, game, seed=None, seats=(), view=SEAT):
        """Creates a session of ``game`` (a spec such as "kuhn_poker(players=3)"); you own it."""
        request = pb.CreateSessionRequest(game=game, seats=list(seats), view=view)
        if seed is not None:
            request.seed = seed
        response = self.stub.CreateSession(request, timeout=self.timeout)
        return Session(self, response.session_id, response.token, response.seats, response.game,
                       response.status, response.observations, owner=True)

    def join(self, session_id, seats=(), view=SEAT):
        """Joins a session as ``seats`` (default: the lowest free seat)."""
        response = self.stub.JoinSession(
            pb.JoinSessionRequest(session_id=session_id, seats=list(seats), view=view),
            timeout=self.timeout)
        return Session(self, session_id, response.token, response.seats, response.game,
                       response.status, response.observations, owner=False)

    def play(self, requests, timeout=None):
        """The Play stream: iterate PlayRequests in, get PlayResponses out, one each, in order."""
        return self.stub.Play(requests, timeout=timeout)


class Session:
    """This client's place in one session: the id, the secret token, the seats it holds.

    ``status`` and ``observations`` (seat -> Observation) follow every response.
    """

    def __init__(self, client, session_id, token, seats, game, status, observations, owner):
        self.client = client
        self.id = session_id
        self.token = token
        self.seats = list(seats)
        self.game = game
        self.owner = owner
        self.status = status
        self.observations = {}
        self._update(status, observations)

    def _update(self, status, observations):
        self.status = status
        for o in observations:
            self.observations[o.seat] = o

    def step(self, action, seat=None, view=SEAT):
        """Acts for ``seat`` (may be left out when you hold one seat); action: int, str or Action."""
        request = pb.StepRequest(session_id=self.id, token=self.token, action=_action(action), view=view)
        if seat is not None:
            request.seat = seat
        response = self.client.stub.Step(request, timeout=self.client.timeout)
        self._update(response.status, response.observations)
        return response

    def step_text(self, text, seat=None, view=SEAT):
        """Acts for ``seat`` with free text (Action.text): a legal action's name, or a text action
        of a game that takes them (``game.text_actions.forms``, e.g. "say[apple]" in word_chain).
        ``response.no_op`` is true when the game took text it could not use as a no-op move."""
        return self.step(pb.Action(text=text), seat=seat, view=view)

    def observe(self, seats=(), wait=False, min_episode=0, timeout=None, view=SEAT):
        """Your seats' observations; with ``wait``, once one of them is to act or the episode ends.

        ``timeout`` bounds a wait (grpc.StatusCode.DEADLINE_EXCEEDED); None waits as long as it takes.
        """
        request = pb.ObserveRequest(session_id=self.id, token=self.token, seats=list(seats),
                                    wait_for_turn=wait, min_episode=min_episode, view=view)
        response = self.client.stub.Observe(
            request, timeout=timeout if wait else self.client.timeout)
        self._update(response.status, response.observations)
        return response

    def reset(self, seed=None, view=SEAT):
        """Starts the next episode (owner only)."""
        request = pb.ResetRequest(session_id=self.id, token=self.token, view=view)
        if seed is not None:
            request.seed = seed
        response = self.client.stub.Reset(request, timeout=self.client.timeout)
        self._update(response.status, response.observations)
        return response

    def close(self):
        """Closes the session (owner only) and frees everything it held."""
        return self.client.stub.CloseSession(
            pb.CloseSessionRequest(session_id=self.id, token=self.token), timeout=self.client.timeout)


def agent_name(seat):
    return "player_%d" % seat


class AECEnv:
    """A PettingZoo-AEC-shaped environment over one session, for the seats this client holds.

    Create a session (you own it; ``seats`` defaults to all of them)::

        env = AECEnv(client, game="tic_tac_toe", seed=1)

    or join one that another client created (``seats`` defaults to the lowest free seat)::

        env = AECEnv(client, session_id="s_...")

    then play as with PettingZoo::

        env.reset()
        for agent in env.agent_iter():
            observation, reward, termination, truncation, info = env.last()
            action = None if termination or truncation else choose(observation["action_mask"])
            env.step(action)

    Observations are dicts: ``observation`` (the tensor, flat list of floats), ``action_mask``
    (list of 0/1), ``text`` (for LLMs), ``legal_actions`` and ``legal_action_names``. An action is
    an index or a name. ``agent_iter`` blocks while other clients' seats move; ``timeout``
    (seconds, None for no limit) bounds each such wait.
    """

    metadata = {"name": "sparring", "is_parallelizable": False}

    def __init__(self, client, game=None, seed=None, seats=None, session_id=None, timeout=None):
        if (game is None) == (session_id is None):
            raise ValueError("give either game= (to create a session) or session_id= (to join one)")
        self.client = client
        self.timeout = timeout
        if game is not None:
            if seats is None:
                # All seats: create first to learn the number of players, then take them.
                self.session = client.create(game, seed=seed)
                joined = client.stub.JoinSession(pb.JoinSessionRequest(
                    session_id=self.session.id, token=self.session.token,
                    seats=list(range(self.session.game.num_players)), view=SEAT), timeout=client.timeout)
                self.session.seats = list(joined.seats)
                self.session._update(joined.status, joined.observations)
            else:
                self.session = client.create(game, seed=seed, seats=seats)
        else:
            self.session = client.join(session_id, seats=seats or ())
        num_players = self.session.game.num_players
        self.possible_agents = [agent_name(s) for s in range(num_players)]
        self.my_agents = [agent_name(s) for s in self.session.seats]
        self._seat = {agent_name(s): s for s in range(num_players)}
        self._fresh = True
        self._episode = self.session.status.episode
        self.agents = []
        self.agent_selection = None

    # ---- PettingZoo API ----

    @property
    def num_agents(self):
        return len(self.agents)

    @property
    def max_num_agents(self):
        return len(self.possible_agents)

    def reset(self, seed=None, options=None):
        """Starts an episode. The owner resets the session (unless it is fresh and no seed is
        given); other clients wait for the owner's reset."""
        if self._fresh and seed is None:
            pass
        elif self.session.owner:
            self.session.reset(seed=seed)
        else:
            self.session.observe(wait=True, min_episode=self._episode + 1, timeout=self.timeout)
        self._fresh = False
        self._episode = self.session.status.episode
        self.agents = list(self.my_agents)
        self.rewards = {a: 0.0 for a in self.agents}
        self._cumulative_rewards = {a: 0.0 for a in self.agents}
        self._return_when_acted = {a: 0.0 for a in self.agents}
        self.terminations = {a: False for a in self.agents}
        self.truncations = {a: False for a in self.agents}
        self.infos = {a: {} for a in self.agents}
        self._absorb()
        self._select()

    def observe(self, agent):
        """The latest observation of one of your seats, as a dict."""
        o = self.session.observations[self._seat_of(agent)]
        if o.HasField("seat_observation"):
            seen = o.seat_observation
            tensor = tensor_values(seen.tensor)
        else:  # the compact view, or a server older than seat_observation (FULL's older fields)
            seen = o
            tensor = list(o.tensor.values)
        return {
            "observation": tensor,
            "action_mask": [1 if legal else 0 for legal in seen.action_mask],
            "text": seen.text,
            "legal_actions": list(seen.legal_actions),
            "legal_action_names": list(seen.legal_action_names),
        }

    def last(self, observe=True):
        """(observation, cumulative reward, termination, truncation, info) of agent_selection."""
        agent = self.agent_selection
        if agent is None:
            raise RuntimeError("no agent is selected; call reset() first, or the episode is over")
        return (self.observe(agent) if observe else None, self._cumulative_rewards[agent],
                self.terminations[agent], self.truncations[agent], self.infos[agent])

    def step(self, action):
        """Acts for agent_selection: an index or a name; None once its episode is over."""
        agent = self.agent_selection
        if agent is None:
            raise RuntimeError("no agent is selected; call reset() first, or the episode is over")
        if self.terminations[agent] or self.truncations[agent]:
            if action is not None:
                raise ValueError("%s's episode is over; step(None) removes it" % agent)
            self.agents.remove(agent)
            self._select()
            return
        if action is None:
            raise ValueError("%s is to act; give an action index or name" % agent)
        seat = self._seat_of(agent)
        self._return_when_acted[agent] = self.session.observations[seat].returns[seat]
        self.session.step(action, seat=seat)
        self._absorb()
        self._select()

    def agent_iter(self, max_iter=2 ** 63):
        """Yields the agent to act (or to see its final result) until your agents are done;
        waits while other clients' seats move."""
        for _ in range(max_iter):
            if not self.agents:
                return
            if self.agent_selection is None:
                self._wait()
            yield self.agent_selection

    def render(self):
        """The text the selected agent sees."""
        if self.agent_selection is None:
            return ""
        return self.session.observations[self._seat_of(self.agent_selection)].text

    def close(self):
        """Closes the session when you own it."""
        if self.session.owner:
            try:
                self.session.close()
            except grpc.RpcError as e:
                if e.code() != grpc.StatusCode.NOT_FOUND:
                    raise

    # ---- internals ----

    def _seat_of(self, agent):
        if agent not in self._seat:
            raise KeyError("unknown agent %r; agents are %s" % (agent, self.possible_agents))
        seat = self._seat[agent]
        if seat not in self.session.seats:
            raise PermissionError("%s is played by another client; yours: %s" % (agent, self.my_agents))
        return seat

    def _absorb(self):
        """Rewards, terminations and truncations from the latest observations."""
        over = self.session.status.end_status
        for agent in self.agents:
            seat = self._seat[agent]
            o = self.session.observations.get(seat)
            if o is None or not o.returns:
                continue
            self.rewards[agent] = o.rewards[seat]
            self._cumulative_rewards[agent] = o.returns[seat] - self._return_when_acted[agent]
            self.terminations[agent] = over == pb.END_STATUS_TERMINATED
            self.truncations[agent] = over == pb.END_STATUS_TRUNCATED

    def _select(self):
        """The next of your agents: one whose episode is over (for its final last()), else one
        that is to act; None when the others are to move."""
        self.agent_selection = None
        for agent in self.agents:
            if self.terminations[agent] or self.truncations[agent]:
                self.agent_selection = agent
                return
        for agent in self.agents:
            if self.session.observations[self._seat[agent]].to_act:
                self.agent_selection = agent
                return

    def _wait(self):
        while self.agent_selection is None and self.agents:
            self.session.observe(wait=True, timeout=self.timeout)
            self._absorb()
            self._select()
