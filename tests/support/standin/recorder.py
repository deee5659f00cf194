"""A `pulumi` wrapper that records what the real CLI does: its argv, exit code, stderr and the
engine events it streams to the Automation API.

The SDK passes `--event-log tcp://127.0.0.1:PORT` (its `pulumirpc.Events` server); the
wrapper serves the same service on a port of its own, hands that to the real CLI, and relays
every `EventRequest` to the SDK unchanged while appending its JSON to a log. Everything goes
to `$AKS_STANDIN_RECORD/<pid>.json`, one file per CLI call.

Run as `python -m standin.recorder <real pulumi> ARGS...` from a `pulumi` script on PATH.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from concurrent import futures
from pathlib import Path
from typing import Any

import grpc
from google.protobuf import empty_pb2
from pulumi.runtime.proto import events_pb2, events_pb2_grpc


class Relay(events_pb2_grpc.EventsServicer):
    def __init__(self, target: str) -> None:
        self.events: list[dict[str, Any]] = []
        self.lock = threading.Lock()
        self.channel = grpc.insecure_channel(target)
        self.stub = events_pb2_grpc.EventsStub(self.channel)

    def StreamEvents(self, request_iterator: Iterator[Any], context: Any) -> empty_pb2.Empty:
        def forward() -> Iterator[Any]:
            for request in request_iterator:
                with self.lock:
                    self.events.append(json.loads(request.event))
                yield events_pb2.EventRequest(event=request.event)

        self.stub.StreamEvents(forward())
        return empty_pb2.Empty()


def main() -> int:
    # Ctrl-C reaches the whole process group: the real CLI handles it, the relay keeps going.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    real, *args = sys.argv[1:]
    record = Path(os.environ["AKS_STANDIN_RECORD"])
    record.mkdir(parents=True, exist_ok=True)
    relay = None
    server = None
    if "--event-log" in args:
        at = args.index("--event-log") + 1
        if args[at].startswith("tcp://"):
            relay = Relay(args[at].removeprefix("tcp://"))
            server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
            events_pb2_grpc.add_EventsServicer_to_server(relay, server)
            port = server.add_insecure_port("127.0.0.1:0")
            server.start()
            args = [*args[:at], f"tcp://127.0.0.1:{port}", *args[at + 1 :]]
    process = subprocess.Popen(
        [real, *args],
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    lines: list[str] = []
    assert process.stderr is not None
    for line in process.stderr:
        sys.stderr.write(line)
        sys.stderr.flush()
        lines.append(line)
    code = process.wait()
    if server is not None:
        server.stop(grace=5).wait()
    entry = {
        "argv": args,
        "exitCode": code,
        "stderr": "".join(lines),
        "events": relay.events if relay else [],
    }
    (record / f"{os.getpid()}.json").write_text(json.dumps(entry, indent=1))
    return code


if __name__ == "__main__":
    sys.exit(main())
