"""`faceorganizer --version` and `--help` answer without importing numpy, Pillow, onnxruntime or Qt (they made
`--version` 16x a bare Python start), yet say exactly what the full command line would."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

import pytest

from faceorganizer import __version__, cli

HEAVY = ("numpy", "PIL", "onnxruntime", "PySide6", "sqlite_utils")

_RUN = """
import runpy, sys
sys.argv = ["faceorganizer", *{argv!r}]
try:
    runpy.run_module("faceorganizer.cli", run_name="__main__")
except SystemExit as exc:
    code = exc.code
print("LOADED", *[m for m in {heavy!r} if m in sys.modules], "EXIT", code, file=sys.stderr)
"""


def _env() -> dict[str, str]:
    """This environment, with the test's import path (the package may not be installed) and a fixed width."""
    return {**os.environ, "COLUMNS": "100", "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}


def _run(*argv: str) -> tuple[str, list[str], str]:
    """stdout, the heavy modules imported, and the exit code of `python -m faceorganizer.cli ARGV`."""
    done = subprocess.run([sys.executable, "-c", _RUN.format(argv=list(argv), heavy=HEAVY)],
                          capture_output=True, text=True, timeout=60, env=_env())  # fmt: skip
    words = done.stderr.strip().splitlines()[-1].split()
    assert words[0] == "LOADED", done.stderr
    return done.stdout, words[1:-2], words[-1]


@pytest.mark.parametrize("argv", [["--version"], ["--help"], ["-v", "--version"]])
def test_version_and_help_import_nothing_heavy(argv):
    out, loaded, code = _run(*argv)
    assert code == "0" and loaded == []
    assert (f"faceorganizer {__version__}" in out) if "--version" in argv else ("search" in out and "status" in out)


def test_a_command_still_imports_what_it_needs():
    out, loaded, code = _run("status", "--help")
    assert code == "0" and "--library" in out
    assert "PySide6" not in loaded and "onnxruntime" not in loaded  # its own module only, not the app's


def test_the_light_parser_says_what_the_full_one_says(monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    full, light = cli.build_parser(), cli.build_light_parser()
    assert light.format_help() == full.format_help()
    assert light.format_usage() == full.format_usage()


def test_the_table_lists_each_subcommand_as_its_module_adds_it():
    ap, sub = cli._top_parser()
    registered = []
    for module in cli.COMMAND_MODULES:
        before = len(sub._choices_actions)
        cli._command_module(module).add_parser(sub)
        registered += [(a.dest, (module, a.help)) for a in sub._choices_actions[before:]]
    assert registered == list(cli.COMMAND_HELP.items()), "update cli.COMMAND_HELP to match the add_parser calls"


@pytest.mark.parametrize("command", ["status", "search", "people", "person", "undo"])
def test_one_command_parsed_with_its_own_parser(command):
    parser = cli.build_parser(command)
    subcommands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert subcommands.choices[command].add_help  # the real parser (stand-ins have no -h)
    assert not subcommands.choices["scan"].add_help  # another module's command: a stand-in
