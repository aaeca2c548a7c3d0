"""A pass run again and again in a daemon thread of `foi serve` or `foi worker`, until closed."""

import logging
import threading

log = logging.getLogger("app.background")


class BackgroundLoop:
    """Runs `run_pass` every `interval()` seconds; a pass that fails is logged and the next one retries, so a
    fault (the database away for a moment) never kills the process it runs in."""

    name = "background"

    def __init__(self) -> None:
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._loop, name=self.name, daemon=True)

    def start(self) -> None:
        self.thread.start()

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=10)

    def run_pass(self) -> None:
        raise NotImplementedError

    def interval(self) -> float:
        raise NotImplementedError

    def _loop(self) -> None:
        while not self.stop.is_set():
            try:
                self.run_pass()
            except Exception:  # the next pass retries
                log.exception("%s pass failed", self.name)
            self.stop.wait(self.interval())
