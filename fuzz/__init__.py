"""Fuzzing tongbao with hostile and broken input.

    fuzz.seeds     the real files mutations start from (samples and parser fixtures)
    fuzz.mutate    byte flips, truncation, splices, rewritten ZIP entries, random bytes behind magic numbers
    fuzz.harness   one input through one target, classified: a record, a typed error, or a failure
    fuzz.run       the long run: `python -m fuzz.run --count 10000` prints how many inputs ended how

Every input must end in a Record (or NormalizedText) or in an `InputError` subclass whose message starts
with the path: any other exception, a message naming no file, or a run past the time limit is a failure.
"""
