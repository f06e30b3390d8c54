"""The outcome of an import run: counts, failures by reason, timing."""
from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Failure:
    path: str
    reason: str  # machine-readable: an InputError reason, or timeout / memory / crashed / changed / vanished
    message: str


@dataclass
class IngestSummary:
    total: int = 0  # files and archive entries found
    imported: int = 0
    skipped_unchanged: int = 0  # content already in the corpus: not parsed
    skipped_duplicate: int = 0  # same content as another file of this run
    # workbooks imported as part of the notice they sit beside (ingest.attach), not as notices of their own
    attached: int = 0
    failures: list[Failure] = field(default_factory=list)
    # failures of earlier runs met again unchanged and not retried (only --retry-failed retries them): not
    # new, so they are counted apart and do not make the run fail
    known_failures: list[Failure] = field(default_factory=list)
    # --manifest: notices given their address or publish date by it (imported now or stored before), and
    # the manifest's lines that named no file of the run
    addressed_by_manifest: int = 0
    manifest_unmatched: list[int] = field(default_factory=list)
    seconds: float = 0.0
    workers: int = 0
    interrupted: bool = False  # stopped by Ctrl-C before every file was handled
    workers_replaced: int = 0  # after a timeout or a crash
    peak_worker_rss_mb: float | None = None
    # files the walk met and did not take, by suffix (`.xlsx`) or by IgnoredKind (hidden, fifo, excluded…)
    ignored: dict[str, int] = field(default_factory=dict)
    # gaps of the imported notices' units: said, never silently dropped
    unit_mentions: int = 0
    units_unresolved: int = 0
    units_low_confidence: int = 0
    notices_without_jurisdiction: int = 0

    def count_gaps(self, record) -> None:
        gaps = record.unit_gaps()
        self.unit_mentions += gaps.mentions
        self.units_unresolved += gaps.unresolved
        self.units_low_confidence += gaps.low_confidence
        self.notices_without_jurisdiction += gaps.no_jurisdiction

    @property
    def failed(self) -> int:
        return len(self.failures)

    @property
    def failed_by_reason(self) -> dict[str, int]:
        return dict(sorted(Counter(str(f.reason) for f in self.failures).items()))

    @property
    def known_failed_by_reason(self) -> dict[str, int]:
        return dict(sorted(Counter(str(f.reason) for f in self.known_failures).items()))

    @property
    def ignored_total(self) -> int:
        return sum(self.ignored.values())

    @property
    def done(self) -> int:
        return (self.imported + self.skipped_unchanged + self.skipped_duplicate + self.failed
                + len(self.known_failures) + self.attached)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["failed"] = self.failed
        data["failed_by_reason"] = self.failed_by_reason
        data["known_failed"] = len(self.known_failures)
        data["known_failed_by_reason"] = self.known_failed_by_reason
        data["ignored_total"] = self.ignored_total
        data["seconds"] = round(self.seconds, 3)
        return data

    def lines(self) -> list[str]:
        """A human summary, one line per fact."""
        out = [f"imported {self.imported}, skipped as unchanged {self.skipped_unchanged}, "
               f"duplicates {self.skipped_duplicate}, failed {self.failed} "
               f"(of {self.total} files in {self.seconds:.1f} s)"]
        if self.attached:
            out.append(f"attached {self.attached} workbooks to the notices they sit beside (their tables "
                       f"are those notices' tables)")
        for reason, count in self.failed_by_reason.items():
            out.append(f"  failed: {reason}: {count}")
        if self.known_failures:
            reasons = ", ".join(f"{reason} {count}" for reason, count in self.known_failed_by_reason.items())
            out.append(f"known failures, not retried {len(self.known_failures)}: {reasons} "
                       f"(unchanged since they failed; --retry-failed retries them)")
        if self.addressed_by_manifest or self.manifest_unmatched:
            unmatched = (f"; {len(self.manifest_unmatched)} rows named no file of this run (lines "
                         f"{', '.join(map(str, self.manifest_unmatched[:10]))}"
                         f"{', …' if len(self.manifest_unmatched) > 10 else ''})" if self.manifest_unmatched else "")
            out.append(f"manifest: {self.addressed_by_manifest} notices given their address{unmatched}")
        if self.ignored:
            kinds = sorted(self.ignored.items(), key=lambda pair: (-pair[1], pair[0]))
            out.append(f"not taken {self.ignored_total}: " + ", ".join(f"{kind} {count}" for kind, count in kinds)
                       + " (--include/--exclude choose what is taken)")
        if self.units_unresolved or self.units_low_confidence or self.notices_without_jurisdiction:
            share = self.units_unresolved / self.unit_mentions if self.unit_mentions else 0.0
            out.append(f"units: {self.unit_mentions} mentions, {self.units_unresolved} unresolved ({share:.0%}), "
                       f"{self.units_low_confidence} below the review threshold; "
                       f"{self.notices_without_jurisdiction} notices without a jurisdiction "
                       f"(tongbao units review lists them)")
        if self.interrupted:
            out.append(f"interrupted: {self.total - self.done} files not handled; run again to finish")
        return out
