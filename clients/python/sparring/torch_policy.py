"""The league's MLP policy in PyTorch: the network that the ``mlp`` snapshot kind's ``mlp.json``
describes (docs/training.md), the tensors a batch's training rows give, and the policy-gradient
loss the league's ``reinforce`` learner uses.

    import torch
    from sparring.torch_policy import MlpPolicy, batch_tensors, reinforce_loss
    from sparring.trainer import training_rows

    policy = MlpPolicy(inputs=11, actions=2)              # Kuhn poker: 11 inputs, 2 actions
    optimizer = torch.optim.Adam(policy.parameters(), lr=0.001)
    rows = batch_tensors(training_rows(batch), policy.actions)
    loss = reinforce_loss(policy, rows, entropy=0.01)
    optimizer.zero_grad(); loss.backward(); optimizer.step()
    weights = policy.to_mlp_json()                        # for publish_mlp, or a file

Needs Debian's python3-torch (and python3-numpy, which it brings).
"""

import collections
import json
import re

import numpy as np
import torch
from torch import nn

__all__ = ["MlpPolicy", "Rows", "batch_tensors", "reinforce_loss"]

_ACTIVATIONS = {"tanh": torch.tanh, "relu": torch.relu}
# The canonical network spec, as the league writes it (Mlp.toString in Java).
_NETWORK = re.compile(r"mlp\(hidden=\[(\d+(?:, \d+)*)?\], activation=(tanh|relu)\)")
# Added to illegal actions' logits, as the league does: their probability is exactly 0 in float32,
# and unlike -inf it keeps 0 * log(0) terms finite.
_ILLEGAL = -1e9


class MlpPolicy(nn.Module):
    """Hidden layers over the information-state tensor (``activation`` after each), then a policy
    head (one logit per distinct action of the game) and a value head. Hidden weights start
    Glorot-uniform (He-uniform for relu) with zero biases, as the league's learners do; both heads
    start at zero, so the first policy is exactly uniform over the legal actions."""

    def __init__(self, inputs, actions, hidden=(64, 64), activation="tanh"):
        super().__init__()
        if activation not in _ACTIVATIONS:
            raise ValueError("activation must be tanh or relu, got %r" % (activation,))
        if inputs < 1 or actions < 1 or any(width < 1 for width in hidden):
            raise ValueError("inputs, actions and hidden widths must be positive, got %d, %d, %s"
                             % (inputs, actions, list(hidden)))
        self.inputs, self.actions = inputs, actions
        self.hidden, self.activation = tuple(hidden), activation
        widths = [inputs, *hidden]
        self.body = nn.ModuleList(nn.Linear(a, b) for a, b in zip(widths, widths[1:]))
        self.policy_head = nn.Linear(widths[-1], actions)
        self.value_head = nn.Linear(widths[-1], 1)
        for layer in self.body:
            if activation == "relu":
                nn.init.kaiming_uniform_(layer.weight, nonlinearity="relu")
            else:
                nn.init.xavier_uniform_(layer.weight)
            nn.init.zeros_(layer.bias)
        for head in (self.policy_head, self.value_head):
            nn.init.zeros_(head.weight)
            nn.init.zeros_(head.bias)

    @property
    def network(self):
        """The network spec, e.g. ``mlp(hidden=[64, 64], activation=tanh)``."""
        return "mlp(hidden=[%s], activation=%s)" % (", ".join(map(str, self.hidden)), self.activation)

    def layers(self):
        """The linear layers in mlp.json's order: hidden (input side first), policy head, value head."""
        return [*self.body, self.policy_head, self.value_head]

    def features(self, x):
        """The last hidden layer's output (``x`` itself without hidden layers)."""
        for layer in self.body:
            x = _ACTIVATIONS[self.activation](layer(x))
        return x

    def forward(self, x):
        """The policy logits (every action, legal or not) and the value of each state."""
        h = self.features(x)
        return self.policy_head(h), self.value_head(h).squeeze(-1)

    def masked_log_probs(self, x, legal_mask):
        """log pi(.|s): the softmax over the legal actions (``legal_mask``, bool [n, actions]);
        illegal actions get about -1e9."""
        logits = self.policy_head(self.features(x))
        return torch.log_softmax(logits.masked_fill(~legal_mask.bool(), _ILLEGAL), dim=-1)

    def to_mlp_json(self):
        """The bytes of mlp.json: weights row-major [inputs][outputs] (y = x @ W + b, the transpose
        of torch's Linear.weight), every float the exact float32 value."""
        if not all(torch.isfinite(p).all() for p in self.parameters()):
            raise ValueError("the network has a weight that is not finite (did training diverge?)")
        layers = [{"inputs": layer.in_features, "outputs": layer.out_features,
                   "weight": layer.weight.detach().cpu().t().reshape(-1).tolist(),
                   "bias": layer.bias.detach().cpu().tolist()} for layer in self.layers()]
        root = {"network": self.network, "inputs": self.inputs, "actions": self.actions, "layers": layers}
        # Python writes a float32's value as the shortest decimal that reads back as the same
        # double, which the league parses back to the same float32.
        return json.dumps(root, allow_nan=False).encode("utf-8")

    @classmethod
    def from_mlp_json(cls, data):
        """The policy an mlp.json describes (bytes or str, with the canonical network spec)."""
        root = json.loads(data)
        match = _NETWORK.fullmatch(root["network"])
        if match is None:
            raise ValueError("network %r is not of the form mlp(hidden=[64, 64], activation=tanh)"
                             % (root["network"],))
        hidden = [int(width) for width in match.group(1).split(", ")] if match.group(1) else []
        policy = cls(root["inputs"], root["actions"], hidden, match.group(2))
        if len(root["layers"]) != len(policy.layers()):
            raise ValueError("%s needs %d layers, the file has %d"
                             % (policy.network, len(policy.layers()), len(root["layers"])))
        with torch.no_grad():
            for index, (layer, saved) in enumerate(zip(policy.layers(), root["layers"])):
                n, m = layer.in_features, layer.out_features
                if (saved["inputs"], saved["outputs"], len(saved["weight"]), len(saved["bias"])) != (n, m, n * m, m):
                    raise ValueError("layer %d should be %d x %d with %d weights and %d biases"
                                     % (index, n, m, n * m, m))
                layer.weight.copy_(torch.tensor(saved["weight"], dtype=torch.float32).reshape(n, m).t())
                layer.bias.copy_(torch.tensor(saved["bias"], dtype=torch.float32))
        return policy


Rows = collections.namedtuple("Rows", "states legal chosen advantage")
Rows.__doc__ = """Training rows as tensors: states float [n, inputs], legal bool [n, actions],
chosen long [n] (the action taken), advantage float [n]."""


def resolve_device(choice):
    """The torch device of a trainer's --device: auto (CUDA when torch sees it, else the CPU), cpu or
    cuda. Raises ValueError for cuda without a CUDA device."""
    if choice == "cuda" and not torch.cuda.is_available():
        raise ValueError("--device cuda: torch sees no CUDA device")
    return torch.device("cuda" if choice == "cuda" or choice == "auto" and torch.cuda.is_available() else "cpu")


def batch_tensors(turns, actions, device=None):
    """Rows of ExperienceTurn messages (e.g. ``training_rows(batch)``) as tensors; ``actions`` is
    the game's number of distinct actions. Raises ValueError for no rows, rows without an
    information state or of different widths, and actions outside 0..actions-1 or not legal."""
    turns = list(turns)
    if not turns:
        raise ValueError("no rows")
    data = [turn.information_state.float32_le for turn in turns]
    width = len(data[0]) // 4
    if width == 0 or any(len(d) != 4 * width for d in data):
        raise ValueError("every row needs an information_state of the same size; sizes (bytes): %s"
                         % sorted({len(d) for d in data}))
    # '<f4': the wire's byte order whatever the host's; astype copies into a writable native array.
    states = torch.from_numpy(np.frombuffer(b"".join(data), dtype="<f4").astype(np.float32))
    states = states.reshape(len(turns), width)
    row_ids = [i for i, turn in enumerate(turns) for _ in turn.legal_actions]
    action_ids = [a for turn in turns for a in turn.legal_actions]
    chosen = [turn.action_index for turn in turns]
    if not all(0 <= a < actions for a in action_ids + chosen):
        raise ValueError("an action id is outside 0..%d (is --actions right for this game?)" % (actions - 1))
    legal = torch.zeros(len(turns), actions, dtype=torch.bool)
    legal[row_ids, action_ids] = True
    chosen = torch.tensor(chosen, dtype=torch.long)
    if not legal[torch.arange(len(turns)), chosen].all():
        raise ValueError("a row's action_index is not among its legal_actions")
    advantage = torch.tensor([turn.advantage for turn in turns], dtype=torch.float32)
    return Rows(*(t.to(device) for t in (states, legal, chosen, advantage)))


def reinforce_loss(policy, rows, entropy=0.01):
    """-mean(A * log pi(a|s)) - entropy * mean(H(pi(.|s))): the league's reinforce loss, with the
    league's advantages A."""
    log_probs = policy.masked_log_probs(rows.states, rows.legal)
    taken = log_probs.gather(1, rows.chosen.unsqueeze(1)).squeeze(1)
    entropies = -(log_probs.exp() * log_probs).sum(dim=1)
    return -(rows.advantage * taken).mean() - entropy * entropies.mean()


def mirror_descent_targets(policy, states, legal, q, eta=2.5, alpha=0.3):
    """Magnetic mirror descent's next policy per information state (Sokota et al. 2022), with a
    uniform magnet: pi' proportional to exp((log pi + eta*alpha*log uniform + eta*Q) / (1 + eta*alpha))
    over the legal actions. ``states`` [n, inputs], ``legal`` bool [n, actions], ``q`` [n, actions]
    the league's mean advantage of each action (0 where unplayed). Returns probabilities [n, actions]."""
    with torch.no_grad():
        log_pi = policy.masked_log_probs(states, legal)
        log_uniform = -torch.log(legal.sum(dim=1, keepdim=True).float())
        z = (log_pi + eta * alpha * log_uniform + eta * q) / (1 + eta * alpha)
        return torch.softmax(z.masked_fill(~legal, -1e9), dim=1)


def cross_entropy(policy, states, legal, targets):
    """The policy's cross-entropy to target distributions over the legal actions (its fit loss)."""
    log_probs = policy.masked_log_probs(states, legal).masked_fill(~legal, 0.0)
    return -(targets * log_probs).sum(dim=1).mean()
