"""Every command of ours prints its help: argparse cannot format a lazy translation, so this once crashed."""

import contextlib
import io

import pytest
from django.core.management import get_commands, load_command_class

OURS = sorted(name for name, app in get_commands().items() if app.startswith("dubbelslag."))


def test_we_have_commands():
    assert {"load_open_data", "import_cbs_odata", "import_cbs_csv", "import_observations"} <= set(OURS)


@pytest.mark.parametrize("name", OURS)
def test_help_prints(name):
    command = load_command_class(get_commands()[name], name)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        command.print_help("manage.py", name)
    assert f"manage.py {name}" in out.getvalue()
    assert command.help, "every command says what it does"
    assert " ".join(str(command.help).split()) in " ".join(out.getvalue().split())
