"""The PyTorch side of `sparring bench learner`: the same MLP, loss and batch as the reinforce
learner, timed per Adam update. Prints one JSON line. Run with Debian's system Python:
    /usr/bin/python3 clients/python/bench/learner_bench.py --hidden 64,64 --batch 256
"""
import argparse
import json
import time

import torch


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--inputs", type=int, default=27)
    parser.add_argument("--actions", type=int, default=9)
    parser.add_argument("--hidden", default="64,64")
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--updates", type=int, default=50)
    parser.add_argument("--threads", type=int, default=0, help="intra-op threads (0: torch's default)")
    args = parser.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    widths = [int(w) for w in args.hidden.split(",")]
    layers, width = [], args.inputs
    for w in widths:
        layers += [torch.nn.Linear(width, w), torch.nn.Tanh()]
        width = w
    body = torch.nn.Sequential(*layers)
    policy_head = torch.nn.Linear(width, args.actions)
    value_head = torch.nn.Linear(width, 1)
    parameters = list(body.parameters()) + list(policy_head.parameters()) + list(value_head.parameters())
    optimizer = torch.optim.Adam(parameters, lr=0.001)

    n = args.batch
    x = (torch.rand(n, args.inputs) < 0.3).float()
    mask = (torch.rand(n, args.actions) < 0.6).float()
    mask[:, 0] = 1
    taken = torch.nn.functional.one_hot(torch.zeros(n, dtype=torch.long), args.actions).float()
    advantage = torch.randn(n)

    def update():
        h = body(x)
        logits = policy_head(h)
        value_head(h)  # the DJL learner computes the value head in every pass too
        log_p = torch.log_softmax(logits + (mask - 1) * 1e9, dim=1)
        entropy = -(log_p.exp() * log_p).sum(1).mean()
        loss = -(advantage * (log_p * taken).sum(1)).mean() - 0.01 * entropy
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(parameters, 0.5)
        optimizer.step()

    for _ in range(5):
        update()
    start = time.perf_counter()
    for _ in range(args.updates):
        update()
    seconds = (time.perf_counter() - start) / args.updates
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(),
                      "ms_per_update": seconds * 1000}))


if __name__ == "__main__":
    main()
