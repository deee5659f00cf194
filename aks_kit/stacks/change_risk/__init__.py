"""Change risk: what `plan --against` says a new plan does to what the old one built.

- `arm_paths`: paths into ARM inputs (parse, render, match, look up);
- `table.yaml` + `table`: the change table as data, validated on load, and `classify`;
- `decide`: the named functions for classes that depend on the values, and `Source`;
- `documents`: the two plan documents as resources matched by (stack, name);
- `spec_paths`: the ARM-to-spec path map;
- `diff`: `diff_plans`, the changes and what replacements take along;
- `report`: the changes, their findings and the summary.

The Markdown form of a report lives with the CLI's output (cli/change_markdown.py).
"""

from __future__ import annotations

from .arm_paths import parse_path, render_path
from .decide import FieldContext, Source, Verdict
from .diff import diff_plans
from .report import CLASSES, Change, ChangeReport
from .table import CLUSTER, NO_ENTRY, POOL, FieldRule, classify, field_classes

__all__ = [
    "CLASSES",
    "CLUSTER",
    "NO_ENTRY",
    "POOL",
    "Change",
    "ChangeReport",
    "FieldContext",
    "FieldRule",
    "Source",
    "Verdict",
    "classify",
    "diff_plans",
    "field_classes",
    "parse_path",
    "render_path",
]
