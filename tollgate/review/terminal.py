"""Reviewer I/O: single keystrokes on a real terminal (cbreak mode, no curses), one command per
line when stdin is a pipe or a file (scripts and tests)."""

from __future__ import annotations

import contextlib
import os
import sys
import termios
import tty
from collections.abc import Iterator
from typing import TextIO

from tollgate.review.session import ReviewIO

_EOF_KEYS = {"\x04", "\x1a"}  # Ctrl-D, Ctrl-Z


class LineIO:
    """Scripted input: each non-blank line is one command; free text is the next line."""

    def __init__(self, stdin: TextIO, stdout: TextIO) -> None:
        self.stdin = stdin
        self.stdout = stdout

    def show(self, text: str) -> None:
        self.stdout.write(text + "\n")
        self.stdout.flush()

    def key(self, prompt: str) -> str:
        while True:
            raw = self.stdin.readline()
            if not raw:
                return ""
            command = raw.strip()
            if command:
                self.show(prompt + command)
                return command

    def line(self, prompt: str, initial: str = "") -> str | None:
        raw = self.stdin.readline()
        if not raw:
            return None
        text = raw.rstrip("\r\n")
        self.show(prompt + text)
        return text


class TtyIO:
    """A real terminal: keys are read one at a time without Enter; Ctrl-C still interrupts.

    Keys typed before an item is on screen are discarded (``discard_typeahead``), so nothing is
    judged unseen.
    """

    def __init__(self, stdin: TextIO, stdout: TextIO, *, discard_typeahead: bool = True) -> None:
        self.stdin = stdin
        self.stdout = stdout
        self.discard_typeahead = discard_typeahead

    def show(self, text: str) -> None:
        self.stdout.write(text + "\n")
        self.stdout.flush()

    @contextlib.contextmanager
    def _cbreak(self) -> Iterator[int]:
        fd = self.stdin.fileno()
        saved = termios.tcgetattr(fd)
        try:
            tty.setcbreak(fd, termios.TCSANOW)
            if self.discard_typeahead:
                termios.tcflush(fd, termios.TCIFLUSH)
            yield fd
        finally:
            termios.tcsetattr(fd, termios.TCSADRAIN, saved)

    def key(self, prompt: str) -> str:
        self.stdout.write(prompt)
        self.stdout.flush()
        with self._cbreak() as fd:
            data = os.read(fd, 16)  # one key; escape sequences arrive whole and are rejected
        key = data.decode("utf-8", errors="replace")
        if not key or key[:1] in _EOF_KEYS:
            self.show("")
            return ""
        self.show(key[:1] if key[:1].isprintable() else repr(key))
        return key

    def line(self, prompt: str, initial: str = "") -> str | None:
        try:
            import readline
        except ImportError:  # pragma: no cover - not on every platform
            readline = None  # type: ignore[assignment]
        if readline is not None and initial:
            readline.set_startup_hook(lambda: readline.insert_text(initial.replace("\n", " ")))
        try:
            self.stdout.flush()
            return input(prompt)
        except EOFError:
            return None
        finally:
            if readline is not None:
                readline.set_startup_hook(None)


def make_io(stdin: TextIO | None = None, stdout: TextIO | None = None) -> ReviewIO:
    """Keystrokes on a terminal, lines otherwise."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    try:
        interactive = stdin.isatty()
    except (AttributeError, ValueError):
        interactive = False
    return TtyIO(stdin, stdout) if interactive else LineIO(stdin, stdout)
