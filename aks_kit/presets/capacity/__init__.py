"""Capacity: how close a cluster's pools come to Azure's limits at their largest.

`report` holds the shapes, `compute` works them out, `findings` turns them into findings.
"""

from __future__ import annotations

from .compute import capacity_report
from .findings import capacity_findings
from .report import CapacityReport

__all__ = ["CapacityReport", "capacity_findings", "capacity_report"]
