"""`aks-kit` with a scripted pulumi CLI, as a program: for tests that run the workflow scripts
(`.github/scripts/engine_run.py`) as subprocesses, the way a workflow runs them.

    AKS_KIT_SCRIPTS=DIR python tests/support/scripted_aks_kit.py preview -f x.yaml ...

`DIR/<stem of the -f file>.json` lists the pulumi CLI calls this run must make, in order, as
`[helper, args, kwargs]` triples naming functions of `fake_pulumi` (`stack_select`,
`config_set_all`, `preview`, ...); `events` arguments are lists of engine-event dicts
(`fake_pulumi.engine_events(...)` output). Azure credentials are a static token. A call the
script does not expect fails the run; calls left over
are reported on stderr and exit 99. A missing script file means the run must not reach the
pulumi CLI at all.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import fake_pulumi


class StaticCredential:
    def get_token(self, *scopes: str, **kwargs: Any) -> Any:
        from azure.core.credentials import AccessToken

        return AccessToken("token", 4102444800)


def script_for(argv: list[str]) -> list[fake_pulumi.ScriptedCall]:
    spec = argv[argv.index("-f") + 1] if "-f" in argv else "default"
    path = Path(os.environ["AKS_KIT_SCRIPTS"]) / f"{Path(spec).stem}.json"
    if not path.is_file():
        return []
    calls: list[fake_pulumi.ScriptedCall] = []
    for helper, args, kwargs in json.loads(path.read_text(encoding="utf-8")):
        made = getattr(fake_pulumi, helper)(*args, **kwargs)
        calls.extend(made if isinstance(made, list) else [made])
    return calls


def main() -> int:
    from fake_preflight import passing_preflight

    from aks_kit.cli.application import Application
    from aks_kit.cli.main import app

    fake = fake_pulumi.FakePulumi(script_for(sys.argv[1:]))
    application = Application(
        pulumi_command=lambda: fake,
        credential=StaticCredential,
        preflight=passing_preflight,  # no Azure: the ARM-like server tests cover preflight
    )
    try:
        app(obj=application)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
        if code == 0 and fake.remaining:
            print(f"scripted pulumi: calls not made: {fake.remaining}", file=sys.stderr)
            return 99
        return code
    return 0


if __name__ == "__main__":
    sys.exit(main())
