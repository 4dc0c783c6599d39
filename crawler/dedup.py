"""Near-duplicate articles across sites (a newspaper piece republished by a
police portal): MinHash signatures of word 5-grams with banded LSH. An article
whose estimated Jaccard similarity to an earlier one is at least 0.8 is a copy.
Pure and deterministic (no Python hash randomisation)."""
from __future__ import annotations

import hashlib
import re

import numpy as np

PERMUTATIONS, BANDS = 64, 16
_PRIME = (1 << 61) - 1
_rng = np.random.default_rng(20260701)
_A = _rng.integers(1, _PRIME, PERMUTATIONS, dtype=np.uint64)
_B = _rng.integers(0, _PRIME, PERMUTATIONS, dtype=np.uint64)


def signature(text: str) -> np.ndarray | None:
    words = re.findall(r"\w+", text.lower())
    if len(words) < 20:
        return None  # too short to tell a copy from a coincidence
    shingles = {" ".join(words[i:i + 5]) for i in range(len(words) - 4)}
    x = np.array([int.from_bytes(hashlib.blake2b(s.encode(), digest_size=8).digest(), "little") >> 4
                  for s in shingles], dtype=np.uint64)
    return ((np.outer(x, _A) + _B) % np.uint64(_PRIME)).min(axis=0)


class Index:
    """Signatures seen so far; `first_copy_of` says which earlier article a text copies."""

    def __init__(self, threshold: float = 0.8):
        self.threshold = threshold
        self.buckets: dict[tuple, list[int]] = {}
        self.signatures: dict[int, np.ndarray] = {}

    def first_copy_of(self, text: str) -> int | None:
        sig = signature(text)
        if sig is None:
            return None
        rows = PERMUTATIONS // BANDS
        candidates = {c for b in range(BANDS) for c in self.buckets.get((b, sig[b * rows:(b + 1) * rows].tobytes()), [])}
        best = [c for c in sorted(candidates) if (self.signatures[c] == sig).mean() >= self.threshold]
        return best[0] if best else None

    def copy_or_add(self, article_id: int, text: str) -> int | None:
        """The earlier article this one copies; None if it is an original (then kept for those to come)."""
        copy_of = self.first_copy_of(text)
        if copy_of is not None and copy_of != article_id:
            return copy_of
        self.add(article_id, text)
        return None

    def add(self, article_id: int, text: str) -> None:
        sig = signature(text)
        if sig is None:
            return
        rows = PERMUTATIONS // BANDS
        self.signatures[article_id] = sig
        for b in range(BANDS):
            self.buckets.setdefault((b, sig[b * rows:(b + 1) * rows].tobytes()), []).append(article_id)
