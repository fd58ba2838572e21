"""Shared fixtures: start vlaplay_server as a real subprocess and read its listening line."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

PYTHON_DIR = Path(__file__).resolve().parents[1]
REPO = PYTHON_DIR.parent
sys.path.insert(0, str(PYTHON_DIR))
sys.path.insert(0, str(Path(__file__).resolve().parent))


class Server:
    """A running `python -m vlaplay_server`; `url` from its listening line."""

    def __init__(self, args: list[str], env: dict[str, str] | None = None, timeout: float = 15) -> None:
        self.stderr_file = tempfile.TemporaryFile(mode="w+")
        full_env = {k: v for k, v in os.environ.items() if k != "VLAPLAY_API_KEY"}
        full_env["PYTHONPATH"] = str(PYTHON_DIR)
        full_env.update(env or {})
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "vlaplay_server", "--port", "0", *args],
            stdout=subprocess.PIPE, stderr=self.stderr_file, text=True, env=full_env,
        )
        line: list[str] = []
        reader = threading.Thread(target=lambda: line.append(self.proc.stdout.readline()), daemon=True)
        reader.start()
        reader.join(timeout)
        if not line or not line[0].startswith("vlaplay_server listening on "):
            self.stop()
            raise RuntimeError(f"server did not start: stdout {line!r}, stderr {self.stderr()!r}")
        self.line = line[0].rstrip("\n")
        self.url = self.line.split()[-1]
        rest = self.url.split("://", 1)[1]
        self.host, port = rest.split("/", 1)[0].rsplit(":", 1)
        self.port = int(port)

    def stderr(self) -> str:
        self.stderr_file.seek(0)
        return self.stderr_file.read()

    def stdout_rest(self) -> str:
        return self.proc.stdout.read() if self.proc.stdout else ""

    def stop(self, sig: int = signal.SIGTERM) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode


@pytest.fixture
def server():
    started: list[Server] = []

    def start(*args: str, env: dict[str, str] | None = None) -> Server:
        s = Server(list(args), env)
        started.append(s)
        return s

    yield start
    for s in started:
        s.stop()
        if s.proc.stdout:
            s.proc.stdout.close()
        s.stderr_file.close()


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    full_env = dict(os.environ, PYTHONPATH=str(PYTHON_DIR), **(env or {}))
    return subprocess.run([sys.executable, "-m", "vlaplay_server", *args], capture_output=True, text=True,
                          env=full_env, timeout=20)
