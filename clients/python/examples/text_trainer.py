#!/usr/bin/python3
"""Trains a league's LLM-shaped external player from scratch and serves it (docs/trainers.md): a
small character-level transformer reads a text game's observations (tic-tac-toe's board) and picks
one of the legal actions by name; an OpenAI-compatible endpoint in this same process answers the
league's ``llm`` agent with the version it asks for. No downloaded weights: version 0 is uniform.

    /usr/bin/python3 clients/python/examples/text_trainer.py --target 127.0.0.1:50061 --serve-port 8000 \
        --versions 6
    serving http://127.0.0.1:8000/v1                 (the first line: the endpoint's URL)
    ./sparring league run --serve-experience 50061 --set game=tic_tac_toe --set concurrent_matches=8 \
        --set 'baselines=[{name: random, agent: random}]' --set baseline_rate=0.75 --set matches=2800 \
        --set batch_matches=400 --set "players.0.learner=external(policy=model, max_staleness=0, model=policy,
            endpoint='http://127.0.0.1:8000/v1', agent=llm(url='http://127.0.0.1:8000/v1', model='{model}',
            temperature=1, concurrency=8))"

This is the league of rpc's PythonTextTrainerTest, where version 6 scores 0.667 against random
(a win 1, a draw 0.5; 95% interval 0.612 to 0.717 over 303 games) and version 0 scores 0.465, in
under a minute on two CPU cores.

Start the trainer first, so that the league's first requests find its endpoint (--serve-port 0 takes
a free port): it waits up to --wait seconds for the league to serve the player. It subscribes to
the player's experience with a credit of B (--batches-per-version) and learns from each batch's
MARS rows whose action was applied, with the league's advantages A: --epochs passes of Adam steps
on PPO's clipped surrogate, the ratio taken to the probability the endpoint served the action with
(the row's token_logprobs). After every B batches it freezes a copy of the network, serves it as
NAME@v, publishes the model name (the league plays NAME@v once GET /v1/models lists it) and grants
B more. It prints a line per version, e.g. (wrapped here)

    version 2: batches 2-2, 1951 turns, loss -0.024, entropy 1.41, trained in 5.0 s on cpu; served 1951
    requests, 1.0 ms each

(the time of a request is its forward pass and sampling). After the last of --versions N it goes on
serving (the league plays version N, and older ones as opponents) and acknowledging batches without
training on them. It exits when the league ends the stream: the league's run is over.

The endpoint: GET /v1/models lists NAME (the untrained network, version 0) and NAME@v for every
version so far. POST /v1/chat/completions reads the user message of the llm agent's generator
prompt, samples one of the legal actions it lists ("[ID] NAME" lines) from the model the request
names, at the request's temperature (1 is the trained policy, 0 its most likely action), with a
generator seeded by the request's seed (so a replay answers the same), and answers
"<answer>NAME</answer>"; asked for logprobs, it gives that answer as one token with the action's
log-probability. It ignores token ids. A message that lists no legal action (a team's strategist or
verifier: plain llm agents only) is refused with 400, an unknown model with 404.

The network reads the observation without its rules paragraph (the experience's prompt and the chat
message give the same text), its first --max-chars bytes: in tic-tac-toe the seat, the board and
whose move it is. Legal action names come from the observation's "Legal actions: a, b, c." when
training and from the message's "[ID] NAME" lines when serving.

Exit status: 0 done, 2 bad arguments, 1 a refused publish, a lost connection, a port in use or a
version without usable rows (a message on stderr).
"""

import argparse
import contextlib
import copy
import json
import os
import re
import sys
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import grpc  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402

from sparring.torch_policy import resolve_device  # noqa: E402
from sparring.trainer import (ExperienceStream, PublishRefused, add_league_arguments,  # noqa: E402
                              league_channel, publish_model, training_rows)

# The legal actions in the llm agent's user message, one per line (agents' FakeChatServer reads them so).
LEGAL = re.compile(r"^\[(\d+)] (.+)$", re.MULTILINE)
# The generator prompt's line after the observation (agents/.../llm/prompts/generator.txt).
LEGAL_HEADING = "\n\nLegal actions (number and name):"
# Action names are hashed into this many learned vectors; names that collide share one (a game of
# 18 names, tic-tac-toe's, has no collision; one of 361 has about 4).
NAME_BUCKETS = 1 << 14
# The observation's own list of legal action names (AbstractState.observationText).
LISTED = re.compile(r"Legal actions: (.*?)\.(?: |$)", re.MULTILINE)


class Failure(Exception):
    """Ends the run with exit status 1 and this message."""


def observation_of(text):
    """The observation in an experience prompt or a chat user message, without the rules: both
    start with a paragraph of rules ("Rules: ..." or "Rules of GAME: ..."; the prompt only on a
    seat's first turn), and the message goes on with the legal actions after it."""
    if text.startswith("Rules"):
        text = text.partition("\n\n")[2]
    return text.partition(LEGAL_HEADING)[0]


def listed_names(observation):
    """The legal action names an observation text lists ("Legal actions: X(0,0), X(0,1)."), in order."""
    found = LISTED.search(observation)
    return found.group(1).split(", ") if found else []


class TextPolicy(nn.Module):
    """A softmax over the legal actions of a text observation, from scratch. A transformer encoder
    reads the observation's first ``max_chars`` bytes in patches of ``patch`` bytes (MegaByte's
    patch embedding: the bytes' embeddings, concatenated and projected, make one token; patches keep
    a CPU's work small, and ``patch=1`` reads byte by byte), with learned position embeddings; its
    outputs, averaged, make the state vector. Each action name has a learned vector (names are
    hashed into NAME_BUCKETS, so any game's names work; a name never trained on has a random one).
    An action's score is the dot product of the two; the state's last layer starts at zero, so
    version 0 is exactly uniform. (Name vectors built from the names' bytes differed too little
    from name to name, X(0,1) and X(1,0) sharing most bytes: in tic-tac-toe they learnt nothing in
    six versions, where hashed names reached a score of about 0.65 against random.)"""

    PAD = 256  # the byte id that fills the last patch and shorter texts

    def __init__(self, max_chars=128, width=32, layers=2, patch=8, heads=4):
        super().__init__()
        self.max_chars, self.patch = max_chars, patch
        self.bytes = nn.Embedding(257, width // 2)
        self.patches = nn.Linear(patch * (width // 2), width)
        self.positions = nn.Embedding(-(-max_chars // patch), width)
        layer = nn.TransformerEncoderLayer(width, heads, 2 * width, dropout=0.0, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, layers, enable_nested_tensor=False)
        self.state = nn.Linear(width, width)
        self.name_buckets = nn.Embedding(NAME_BUCKETS, width)
        nn.init.zeros_(self.state.weight)
        nn.init.zeros_(self.state.bias)

    def _bytes(self, texts):
        """The texts' first max_chars bytes as ids [N, L], L a whole number of patches, and a mask
        of the real ones."""
        encoded = [list(text.encode("utf-8")[:self.max_chars]) or [self.PAD] for text in texts]
        length = -(-max(len(ids) for ids in encoded) // self.patch) * self.patch
        ids = torch.full((len(encoded), length), self.PAD, dtype=torch.long)
        for i, row in enumerate(encoded):
            ids[i, :len(row)] = torch.tensor(row)
        device = self.state.weight.device
        return ids.to(device), (ids != self.PAD).to(device)

    def states(self, observations):
        ids, mask = self._bytes(observations)
        n, length = ids.shape
        x = self.patches(self.bytes(ids).reshape(n, length // self.patch, -1))
        x = x + self.positions(torch.arange(x.shape[1], device=ids.device))
        real = mask.reshape(n, -1, self.patch)[:, :, 0]  # a patch whose first byte is text
        x = self.encoder(x, src_key_padding_mask=~real)
        return self.state((x * real[..., None]).sum(1) / real.sum(1, keepdim=True))

    def names(self, names):
        ids = torch.tensor([zlib.crc32(name.encode("utf-8")) % NAME_BUCKETS for name in names])
        return self.name_buckets(ids.to(self.state.weight.device))

    def log_probs(self, observations, legal):
        """Log-probabilities [N, K] of each observation's legal names (``legal``, lists of up to K;
        padding gets -inf), and the mask of real entries."""
        distinct = sorted({name for names in legal for name in names})
        column = {name: i for i, name in enumerate(distinct)}
        scores = self.states(observations) @ self.names(distinct).T                     # [N, distinct]
        width = max(len(names) for names in legal)
        index = torch.zeros(len(legal), width, dtype=torch.long)
        mask = torch.zeros(len(legal), width, dtype=torch.bool)
        for i, names in enumerate(legal):
            index[i, :len(names)] = torch.tensor([column[name] for name in names])
            mask[i, :len(names)] = True
        index, mask = index.to(scores.device), mask.to(scores.device)
        scores = scores.gather(1, index).masked_fill(~mask, float("-inf"))
        return torch.log_softmax(scores, dim=1), mask


class Models:
    """The served models: NAME (the untrained network) and NAME@v for each version, as frozen CPU
    copies. One forward pass at a time: each is a single observation, and Python's lock on the
    interpreter would take turns anyway."""

    def __init__(self, name, policy):
        self.name, self.max_chars = name, policy.max_chars
        self._frozen = {name: self._freeze(policy)}
        self._lock = threading.Lock()
        self.requests, self.seconds = 0, 0.0
        self._reported = (0, 0.0)

    @staticmethod
    def _freeze(policy):
        return copy.deepcopy(policy).cpu().eval()

    def add(self, version, policy):
        """Serves a copy of ``policy`` as NAME@version; returns that name."""
        model = "%s@%d" % (self.name, version)
        frozen = self._freeze(policy)
        with self._lock:
            self._frozen[model] = frozen
        return model

    def listed(self):
        with self._lock:
            return list(self._frozen)

    def report(self):
        """How many requests were answered since the last report, and the mean time of a forward
        pass and sampling (not counting the wait for the lock)."""
        with self._lock:
            requests, seconds = self.requests - self._reported[0], self.seconds - self._reported[1]
            self._reported = (self.requests, self.seconds)
        return "served %d requests, %.1f ms each" % (requests, 1000 * seconds / requests if requests else 0.0)

    def choose(self, model, observation, names, seed, temperature):
        """One of ``names`` sampled from ``model``'s policy at ``temperature`` (0: its most likely),
        and the log-probability it was sampled with; None for an unknown model."""
        with self._lock, torch.no_grad():
            start = time.perf_counter()
            policy = self._frozen.get(model)
            if policy is None:
                return None
            log_probs = policy.log_probs([observation], [names])[0][0]
            if temperature <= 0:
                choice, log_prob = int(log_probs.argmax()), 0.0
            else:
                sampled = torch.log_softmax(log_probs / temperature, 0)
                choice = int(torch.multinomial(sampled.exp(), 1, generator=torch.Generator().manual_seed(seed)))
                log_prob = float(sampled[choice])
            self.requests += 1
            self.seconds += time.perf_counter() - start
        return names[choice], log_prob


def handler(models):
    """The endpoint's request handler class for ``models``."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive: the llm agent reuses its connections
        disable_nagle_algorithm = True  # else each reply's body waits ~40 ms for the headers' ACK

        def do_GET(self):
            if self.path.rstrip("/") != "/v1/models":
                return self._error(404, "no such path: %s" % self.path)
            self._send(200, {"object": "list", "data": [
                {"id": name, "object": "model", "owned_by": "text_trainer"} for name in models.listed()]})

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            if self.path.rstrip("/") != "/v1/chat/completions":
                return self._error(404, "no such path: %s" % self.path)
            try:
                request = json.loads(body)
                model = request["model"]
                message = [m["content"] for m in request["messages"] if m["role"] == "user"][-1]
                seed = int(request.get("seed", time.time_ns()))
                temperature = float(request.get("temperature", 1.0))
                if not isinstance(model, str) or not isinstance(message, str):
                    raise TypeError("the model and the message's content must be strings")
            except (ValueError, KeyError, IndexError, TypeError) as error:
                return self._error(400, "a chat completion needs a model, a user message and numbers for seed"
                                   " and temperature: %r" % error)
            names = [match.group(2).strip() for match in LEGAL.finditer(message)]
            if not names:
                return self._error(400, "the user message lists no legal actions ('[ID] NAME' lines)")
            observation = observation_of(message)
            chosen = models.choose(model, observation, names, seed, temperature)
            if chosen is None:
                return self._error(404, "the model '%s' does not exist" % model, "model_not_found")
            content = "<answer>%s</answer>" % chosen[0]
            choice = {"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}
            if request.get("logprobs"):
                # the whole answer as one token: its log-probability is the action's, which the
                # league records on the row (token_logprobs) as the behaviour policy's
                choice["logprobs"] = {"content": [{"token": content, "logprob": chosen[1],
                                                   "bytes": list(content.encode("utf-8")), "top_logprobs": []}]}
            read = min(len(observation.encode("utf-8")), models.max_chars)
            self._send(200, {
                "id": "chatcmpl-%d" % models.requests, "object": "chat.completion", "created": int(time.time()),
                "model": model, "choices": [choice],
                # tokens: the bytes the network read, and its one choice
                "usage": {"prompt_tokens": read, "completion_tokens": 1, "total_tokens": read + 1}})

        def _error(self, status, message, code=None):
            self._send(status, {"error": {"message": message, "type": "invalid_request_error", "code": code}})

        def _send(self, status, payload):
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass  # a line per request would bury the version lines

    return Handler


def serve(models, port):
    """Serves ``models`` on 127.0.0.1:``port`` (0: a free one) from a background thread."""
    server = ThreadingHTTPServer(("127.0.0.1", port), handler(models))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="endpoint", daemon=True).start()
    return server


def examples(batch):
    """The (observation, legal names, applied position, advantage, behaviour log-probability or None)
    of a batch's training rows, and the number of rows skipped because their observation's legal
    action names could not be read. The behaviour log-probability is the one this endpoint served
    (the row's token_logprobs: one token, the whole answer)."""
    rows, skipped = [], 0
    for turn in training_rows(batch):
        observation = observation_of(turn.prompt)
        names = listed_names(observation)
        if len(names) != len(turn.legal_actions) or turn.action_name not in names:
            skipped += 1
            continue
        served = sum(turn.token_logprobs) if turn.token_logprobs else None
        rows.append((observation, names, names.index(turn.action_name), turn.advantage, served))
    return rows, skipped


def log_prob_of_applied(policy, rows):
    """log pi(a|s) of each row's applied action [N], and the policy's entropy at each row [N]."""
    observations, legal, applied = zip(*(row[:3] for row in rows))
    log_probs, mask = policy.log_probs(observations, legal)
    chosen = log_probs.gather(1, torch.tensor(applied, device=log_probs.device)[:, None]).squeeze(1)
    finite = log_probs.masked_fill(~mask, 0.0)  # padding: exp(0) * 0 adds nothing to H
    return chosen, -(finite.exp() * finite).sum(1)


def clipped_loss(policy, rows, behaviour, entropy, clip):
    """PPO's clipped surrogate on the league's advantages A, with ratio pi(a|s) / behaviour(a|s):
    -mean(min(ratio * A, clip(ratio, 1 - clip, 1 + clip) * A)) - entropy * mean(H); and mean(H)."""
    chosen, h = log_prob_of_applied(policy, rows)
    a = torch.tensor([row[3] for row in rows], dtype=torch.float32, device=chosen.device)
    ratio = torch.exp(chosen - behaviour)
    surrogate = torch.min(ratio * a, torch.clamp(ratio, 1 - clip, 1 + clip) * a)
    return -surrogate.mean() - entropy * h.mean(), h.mean()


class Learner:
    """The network in training, its optimizer, and what the version in progress was trained on."""

    def __init__(self, args, policy):
        self.args, self.policy = args, policy
        self.optimizer = torch.optim.Adam(policy.parameters(), lr=args.lr)
        self._start_version()

    def _start_version(self):
        self.batches, self.turns, self.skipped, self.losses, self.entropies, self.seconds = [], 0, 0, [], [], 0.0

    def train(self, batch):
        """--epochs passes over the batch's rows in shuffled minibatches, an Adam step each."""
        rows, skipped = examples(batch)
        self.batches.append(batch.batch)
        self.turns += len(rows)
        self.skipped += skipped
        if not rows:
            return
        start = time.perf_counter()
        behaviour = self._behaviour(rows)
        for _ in range(self.args.epochs):
            order = torch.randperm(len(rows)).tolist()
            for at in range(0, len(rows), self.args.minibatch):
                part = order[at:at + self.args.minibatch]
                loss, entropy = clipped_loss(self.policy, [rows[i] for i in part], behaviour[part],
                                             self.args.entropy, self.args.clip)
                self.optimizer.zero_grad()
                loss.backward()
                self.optimizer.step()
                self.losses.append(loss.item())  # .item() waits for the device, so the time is right
                self.entropies.append(entropy.item())
        self.seconds += time.perf_counter() - start

    def _behaviour(self, rows):
        """The log-probability each row was played with: the served one it carries, else the
        network's before this batch's steps (an agent asked for no logprobs)."""
        with torch.no_grad():
            now = torch.cat([log_prob_of_applied(self.policy, rows[at:at + self.args.minibatch])[0]
                             for at in range(0, len(rows), self.args.minibatch)])
        served = torch.tensor([float("nan") if row[4] is None else row[4] for row in rows], device=now.device)
        return torch.where(served.isnan(), now, served)

    def finish_version(self, version):
        """The version's report line; starts the next version."""
        if not self.turns:
            raise Failure("batches %s had no rows to learn from (%d skipped: no legal action names in their"
                          " prompts)" % (self.batches, self.skipped))
        line = "version %d: batches %d-%d, %d turns%s, loss %.3f, entropy %.2f, trained in %.1f s on %s" % (
            version, self.batches[0], self.batches[-1], self.turns,
            " (%d skipped)" % self.skipped if self.skipped else "", sum(self.losses) / len(self.losses),
            sum(self.entropies) / len(self.entropies), self.seconds, self._device())
        self._start_version()
        return line

    def _device(self):
        return next(self.policy.parameters()).device


def experience(league, args):
    """(stream, batch) pairs of the player's experience. Until the first batch comes, a league that
    is not up or does not have the player yet is subscribed to again for up to --wait seconds: the
    trainer starts first, so that the league's first requests find its endpoint."""
    deadline = time.monotonic() + args.wait
    while True:
        with ExperienceStream(league, args.player, credit=args.batches_per_version) as stream:
            try:
                for batch in stream:
                    deadline = None  # subscribed: from now on an error ends the run
                    yield stream, batch
                return
            except grpc.RpcError as error:
                if deadline is None or error.code() not in (grpc.StatusCode.NOT_FOUND, grpc.StatusCode.UNAVAILABLE):
                    raise
                if time.monotonic() > deadline:
                    raise Failure("no league served player %s at %s within %g s: %s: %s" % (
                        args.player, args.target, args.wait, error.code().name, error.details())) from None
        time.sleep(0.2)


def online(args, policy, models):
    league = league_channel(args)
    learner, published, per_version = Learner(args, policy), 0, args.batches_per_version
    try:
        with contextlib.closing(experience(league, args)) as batches:
            for stream, batch in batches:
                if args.versions and published == args.versions:
                    # after the last version: acknowledged untrained, so that the league need not wait
                    # for them at the end of its run
                    stream.ack(batch.sequence)
                    stream.grant(1)
                    continue
                learner.train(batch)
                stream.ack(batch.sequence)
                if len(learner.batches) < per_version:
                    continue
                line = learner.finish_version(published + 1)
                models.add(published + 1, policy)  # listed before the league asks for it
                try:
                    publish_model(league, args.player, published + 1, args.model_name,
                                  trained_through_sequence=batch.sequence)
                except PublishRefused as refused:
                    raise Failure("the league refused version %d: %s" % (published + 1, refused)) from None
                published += 1
                print("%s; %s" % (line, models.report()), flush=True)
                stream.grant(per_version)
    except grpc.RpcError as error:
        # a league whose run is over goes away: the stream ends UNAVAILABLE or CANCELLED
        if error.code() not in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.CANCELLED):
            raise Failure("lost the experience stream: %s: %s" % (error.code().name, error.details())) from None
    finally:
        league.close()
    if published < args.versions:
        raise Failure("the league ended the stream after %d of %d versions" % (published, args.versions))


def parse(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--target", metavar="HOST:PORT", required=True, help="the league's --serve-experience address")
    add_league_arguments(parser)
    parser.add_argument("--model-name", default="policy",
                        help="the learner's model=NAME: version 0 is NAME, version v NAME@v (default %(default)s)")
    parser.add_argument("--serve-port", type=int, default=0,
                        help="the endpoint's port on 127.0.0.1 (default 0: a free one)")
    parser.add_argument("--wait", type=float, default=60, metavar="SECONDS",
                        help="how long to wait for the league to serve the player (default %(default)s)")
    parser.add_argument("--versions", type=int, default=0,
                        help="publish this many versions, then only serve and acknowledge (default 0: no limit)")
    parser.add_argument("--batches-per-version", type=int, default=1, metavar="B",
                        help="batches to train on before each publish (default 1)")
    parser.add_argument("--lr", type=float, default=0.003, help="Adam's step size (default %(default)s)")
    parser.add_argument("--epochs", type=int, default=4, help="passes over each batch (default %(default)s)")
    parser.add_argument("--minibatch", type=int, default=128, help="rows per Adam step (default %(default)s)")
    parser.add_argument("--clip", type=float, default=0.5,
                        help="PPO's clip range of the ratio to the played policy (default %(default)s)")
    parser.add_argument("--entropy", type=float, default=0.01, help="entropy bonus weight (default %(default)s)")
    parser.add_argument("--max-chars", type=int, default=128,
                        help="observation bytes the network reads (default %(default)s)")
    parser.add_argument("--patch", type=int, default=8,
                        help="bytes per token of the transformer; 1: byte by byte (default %(default)s)")
    parser.add_argument("--width", type=int, default=32,
                        help="the transformer's width, a multiple of its 4 heads (default %(default)s)")
    parser.add_argument("--layers", type=int, default=2, help="transformer layers (default %(default)s)")
    parser.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto",
                        help="where to train; auto: cuda when available (default). Serving runs on the CPU")
    parser.add_argument("--threads", type=int, default=1, help="torch's CPU threads (default %(default)s)")
    parser.add_argument("--seed", type=int, default=1, help="torch's seed for the initial weights (default 1)")
    args = parser.parse_args(argv)
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._/:-]*", args.model_name):
        parser.error("--model-name takes letters, digits, '.', '_', '/', ':' and '-', got %r" % args.model_name)
    if not 0 <= args.serve_port <= 65535 or args.versions < 0 or args.wait < 0:
        parser.error("--serve-port must be in 0..65535, --versions and --wait >= 0")
    for name in ("batches_per_version", "epochs", "minibatch", "max_chars", "patch", "layers", "threads"):
        if getattr(args, name) < 1:
            parser.error("--%s must be >= 1" % name.replace("_", "-"))
    if args.width < 4 or args.width % 4:
        parser.error("--width must be a positive multiple of 4, got %d" % args.width)
    if not (args.lr >= 0 and args.entropy >= 0 and args.clip > 0):
        parser.error("--lr and --entropy must be >= 0 and --clip > 0")
    try:
        args.device = resolve_device(args.device)
    except ValueError as error:
        parser.error(str(error))
    return args


def main(argv=None):
    args = parse(argv)
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    device = args.device
    policy = TextPolicy(args.max_chars, args.width, args.layers, args.patch).to(device)
    models = Models(args.model_name, policy)
    try:
        server = serve(models, args.serve_port)
    except OSError as error:
        print("text_trainer: cannot serve on port %d: %s" % (args.serve_port, error), file=sys.stderr)
        return 1
    print("serving http://127.0.0.1:%d/v1" % server.server_address[1], flush=True)
    try:
        online(args, policy, models)
    except Failure as failure:
        print("text_trainer: %s" % failure, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    finally:
        server.shutdown()
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
