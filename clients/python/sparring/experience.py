"""Reads the experience files that ``sparring experience export RUN_DIR --out FILE`` writes: a
sequence of ``sparring.v1.ExperienceBatch`` messages, each prefixed by its length as a varint (what
Java's ``writeDelimitedTo`` writes). docs/trainers.md describes every field and maps them to
trainers' columns.

    from sparring.experience import read_batches
    for batch in read_batches("experience.pb"):
        for turn in batch.turns:
            print(turn.role, turn.prompt, turn.completion, turn.advantage)

Needs only Debian's python3-protobuf.
"""

from google.protobuf.message import DecodeError
# protobuf's own varint reader (internal, but unchanged for a decade); the file is just varints and messages.
from google.protobuf.internal.decoder import _DecodeVarint

from sparring.v1 import experience_pb2 as pb

__all__ = ["read_batches", "pb"]

# Read this much at a time: a long run's export is gigabytes, far more than memory should hold.
_CHUNK = 1 << 20
_MAX_VARINT = 10


def read_batches(path):
    """Yields the ExperienceBatch messages of an exported file, in order. Raises ValueError when
    the file ends inside a message (a truncated copy) or a length prefix is malformed."""
    with open(path, "rb") as f:
        buffer, offset, at = b"", 0, 0  # at: the file position of buffer[offset]
        while True:
            if len(buffer) - offset < _MAX_VARINT:
                buffer, offset = buffer[offset:] + f.read(_CHUNK), 0
                if not buffer:
                    return
            try:
                length, start = _DecodeVarint(buffer, offset)
            except (IndexError, DecodeError):
                raise ValueError("%s: no valid length prefix at byte %d (truncated or not an export?)"
                                 % (path, at)) from None
            end = start + length
            if end > len(buffer):
                buffer = buffer[offset:] + f.read(end - len(buffer) + _CHUNK)
                start, end, offset = start - offset, end - offset, 0
                if end > len(buffer):
                    raise ValueError("%s: the file ends inside the message at byte %d (truncated?)" % (path, at))
            batch = pb.ExperienceBatch()
            batch.ParseFromString(buffer[start:end])
            at += end - offset
            offset = end
            yield batch
