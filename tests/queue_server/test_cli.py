"""`queue-server` commands: init (first admin, --demo), serve's refusal of a new database,
token create/list/revoke, users, keys, backup, close-day, bad config, --help."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import stat
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from queue_server import auth, cli, keys
from queue_server.config_loader import SAMPLE_PATH, load_district
from queue_server.store import IdCard, IssueRequest, Settings, Store
from tests.fixtures.live_server import LiveServer
from tests.queue_server._district import id_number
from tests.queue_server._files import database_files, disk_bytes, mode, permissive_umask

ROOT = Path(__file__).resolve().parents[2]
SUBCOMMANDS = [
    ["init"],
    ["serve"],
    ["users", "add"],
    ["users", "list"],
    ["users", "disable"],
    ["token", "create"],
    ["token", "list"],
    ["token", "revoke"],
    ["keys", "path"],
    ["keys", "rotate-id"],
    ["keys", "rotate-token"],
    ["keys", "prune"],
    ["backup"],
    ["close-day"],
]


def run_cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """`python -m queue_server.cli ARGS` in a subprocess, as the console script runs it (stdin
    a pipe, not a terminal)."""
    return subprocess.run(
        [sys.executable, "-m", "queue_server.cli", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def token_key(db: Path) -> bytes:
    """The token key of the key file `init` made beside the database."""
    return keys.KeyFile(keys.default_path(db)).load().token_key


@pytest.fixture(autouse=True)
def default_key_location(monkeypatch: pytest.MonkeyPatch) -> None:
    """The key file is the default one beside the database unless a test says otherwise."""
    monkeypatch.delenv(keys.ENVIRONMENT, raising=False)
    monkeypatch.delenv("CREDENTIALS_DIRECTORY", raising=False)


def open_store(db: Path) -> Store:
    return Store(db, load_district())


def usernames(db: Path) -> dict[str, str]:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT username, role FROM users"))


@pytest.fixture(scope="module")
def initialised(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo database (`init --demo`), made under the usual umask 022."""
    db = tmp_path_factory.mktemp("cli") / "queue.db"
    umask = os.umask(0o022)
    try:
        assert cli.main(["init", "--demo", "--db", str(db)]) == 0
    finally:
        os.umask(umask)
    return db


@pytest.mark.parametrize("words", SUBCOMMANDS, ids=" ".join)
def test_every_command_has_help(words: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        cli.main([*words, "--help"])
    assert done.value.code == 0
    assert "usage: queue-server" in capsys.readouterr().out


def test_the_console_entry_runs(tmp_path: Path) -> None:
    answer = run_cli("--help")
    assert answer.returncode == 0 and "serve" in answer.stdout and "close-day" in answer.stdout


def test_init_demo_creates_demo_users_and_recorded_tokens(initialised: Path) -> None:
    path = initialised.with_name("demo-tokens.json")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # under umask 022
    tokens = json.loads(path.read_text())
    district = load_district()
    assert tokens["server"] == "http://127.0.0.1:8600"
    assert set(tokens["kiosk"]) == set(district.halls) == set(tokens["display"])
    store = open_store(initialised)
    kiosk = auth.verify(store.token_key, tokens["kiosk"]["maqun"], datetime.now(UTC))
    assert (kiosk.role, kiosk.hall) == ("kiosk", "maqun")
    records = {record.id: record for record in store.device_tokens()}
    assert kiosk.token_id is not None and records[kiosk.token_id].label == "demo"
    assert len(records) == 2 * len(district.halls)
    users = usernames(initialised)
    assert (
        users["admin"] == "admin" and users["clerk"] == "clerk" and users["clerk-maqun"] == "clerk"
    )
    assert len(users) == 2 + len(district.halls)


def test_init_without_demo_makes_one_admin_with_a_generated_password(tmp_path: Path) -> None:
    db = tmp_path / "queue.db"
    answer = run_cli("init", "--db", str(db))  # stdin is not a terminal: a password is generated
    assert answer.returncode == 0, answer.stderr
    printed = [line for line in answer.stdout.splitlines() if "shown only this once" in line]
    assert len(printed) == 1
    password = printed[0].rsplit(" ", 1)[1]
    assert len(password) >= 20
    assert usernames(db) == {"admin": "admin"}  # no demo accounts
    assert not db.with_name("demo-tokens.json").exists()
    store = open_store(db)
    assert store.device_tokens() == []  # no device tokens either
    admin = store.verify_user("admin", password)
    assert admin is not None and admin.hall == "*"
    assert store.verify_user("admin", "demo1234") is None
    again = run_cli("init", "--db", str(db))
    assert again.returncode == 0 and "shown only this once" not in again.stdout  # only once


def test_init_reads_the_admin_password_from_stdin(tmp_path: Path) -> None:
    db = tmp_path / "queue.db"
    short = run_cli("init", "--db", str(db), "--admin-password-stdin", stdin="tooshort\n")
    assert short.returncode == 2 and "at least 12 characters" in short.stderr
    args = ("init", "--db", str(db), "--admin", "root", "--admin-password-stdin")
    answer = run_cli(*args, stdin="correct horse battery\n")
    assert answer.returncode == 0, answer.stderr
    assert "correct horse" not in answer.stdout  # a password given is never echoed
    assert open_store(db).verify_user("root", "correct horse battery") is not None


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_init_on_a_terminal_asks_twice_until_long_enough_and_equal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # too short; then two that differ; then the same one twice
    typed = iter(["short", "long enough pass", "another one here", *["long enough pass"] * 2])
    monkeypatch.setattr(sys, "stdin", Terminal())
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(typed))
    db = tmp_path / "queue.db"
    assert cli.main(["init", "--db", str(db)]) == 0
    err = capsys.readouterr().err
    assert "too short" in err and "differ" in err
    assert open_store(db).verify_user("admin", "long enough pass") is not None


def test_serve_refuses_a_new_database_without_demo(tmp_path: Path) -> None:
    db = tmp_path / "queue.db"
    answer = run_cli("serve", "--db", str(db))
    assert answer.returncode == 2
    lines = answer.stderr.strip().splitlines()
    assert len(lines) == 1 and f"queue-server init --db {db}" in lines[0], answer.stderr
    assert not db.exists()  # a mistyped --db is not served empty


def test_token_create_list_revoke(initialised: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(initialised)
    create = ["token", "create", "--db", db, "--role", "clerk", "--hall", "qixia"]
    assert cli.main([*create, "--window", "3", "--days", "2", "--label", "window 3 PC"]) == 0
    out, err = capsys.readouterr()
    printed = out.strip()
    assert "\n" not in printed  # the token alone on stdout
    principal = auth.verify(open_store(initialised).token_key, printed, datetime.now(UTC))
    assert (principal.role, principal.hall, principal.window) == ("clerk", "qixia", 3)
    assert principal.token_id is not None and f"token id {principal.token_id}:" in err
    assert cli.main(["token", "list", "--db", db]) == 0
    rows = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    assert rows[0] == ["id", "role", "hall", "window", "label", "created", "expires", "state"]
    mine = [row[1:5] + row[7:] for row in rows if row[0] == principal.token_id]
    assert mine == [["clerk", "qixia", "3", "window 3 PC", "active"]]
    assert printed not in "".join(map("".join, rows))  # never the token itself
    assert cli.main(["token", "revoke", "--db", db, principal.token_id]) == 0
    assert f"token id {principal.token_id} revoked" in capsys.readouterr().out
    assert cli.main(["token", "list", "--db", db]) == 0
    rows = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    assert [row[7] for row in rows if row[0] == principal.token_id] == ["revoked"]


def test_token_create_and_revoke_refuse_what_does_not_exist(
    initialised: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(initialised)
    assert cli.main(["token", "create", "--db", db, "--role", "kiosk", "--hall", "mars"]) == 2
    assert "unknown hall 'mars'" in capsys.readouterr().err
    assert cli.main(["token", "revoke", "--db", db, "nosuchid"]) == 2
    assert "no device token 'nosuchid'" in capsys.readouterr().err
    missing = str(initialised.with_name("typo.db"))
    assert cli.main(["token", "list", "--db", missing]) == 2
    assert "no database at" in capsys.readouterr().err
    assert not Path(missing).exists()


def test_users_add_list_disable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "queue.db")
    assert cli.main(["init", "--db", db, "--generate-password"]) == 0
    add_li = ["users", "add", "li", "--db", db, "--role", "manager", "--hall", "*"]
    add_li += ["--password", "secret99"]
    assert cli.main(add_li) == 0
    assert cli.main(add_li) == 2
    assert "already exists" in capsys.readouterr().err
    assert cli.main(["users", "disable", "li", "--db", db]) == 0
    capsys.readouterr()
    assert cli.main(["users", "list", "--db", db]) == 0
    listed = capsys.readouterr().out.split()
    assert listed == ["admin", "admin", "*", "active", "li", "manager", "*", "disabled"]


def test_bad_config_is_one_line_and_exit_2(tmp_path: Path) -> None:
    text = SAMPLE_PATH.read_text(encoding="utf-8").replace('prefix = "A"', 'prefix = "a1"', 1)
    bad = tmp_path / "bad.toml"
    bad.write_text(text, encoding="utf-8")
    answer = run_cli("serve", "--db", str(tmp_path / "q.db"), "--config", str(bad))
    assert answer.returncode == 2
    assert "Traceback" not in answer.stderr
    lines = answer.stderr.strip().splitlines()
    assert len(lines) == 1 and str(bad) in lines[0] and "a1" in lines[0], answer.stderr


def test_backup_is_a_consistent_copy(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "queue.db"
    store = Store(db, load_district(), settings=Settings(check_hours=False))
    ticket, _ = store.issue(IssueRequest("qixia", "HJ01", id_card=IdCard(id_number(1))), "k")
    dest = tmp_path / "copy.db"
    assert cli.main(["backup", "--db", str(db), str(dest)]) == 0  # while the store is open
    with sqlite3.connect(dest) as copy:
        assert copy.execute("SELECT number FROM tickets").fetchall() == [(ticket["number"],)]
    assert "the key file" in capsys.readouterr().err  # the copy sits beside the key file
    assert cli.main(["backup", "--db", str(db), str(dest)]) == 2  # never overwrites
    assert "exists already" in capsys.readouterr().err


def test_backup_needs_a_database_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["backup", "--db", ":memory:", str(tmp_path / "copy.db")]) == 2
    assert "--db: :memory: is a database in memory" in capsys.readouterr().err
    assert not (tmp_path / "copy.db").exists()


def test_close_day_closes_unfinished_tickets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "queue.db"
    store = Store(db, load_district(), settings=Settings(check_hours=False))
    for serial in (1, 2):
        store.issue(IssueRequest("qixia", "HJ01", id_card=IdCard(id_number(serial))), "k")
    store.close()
    assert cli.main(["close-day", "--db", str(db)]) == 0
    assert "closed 2" in capsys.readouterr().out
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT DISTINCT status FROM tickets").fetchall() == [("no_show",)]
        assert (
            conn.execute("SELECT COUNT(*) FROM events WHERE type = 'day.closed'").fetchone()[0] == 1
        )


def test_init_makes_a_private_key_file_where_it_is_told(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, elsewhere = tmp_path / "data" / "queue.db", tmp_path / "secrets" / "queue.keys"
    with permissive_umask():
        assert cli.main(["init", "--db", str(db), "--keys", str(elsewhere)]) == 0
    assert mode(elsewhere) == 0o600 and not keys.default_path(db).exists()
    assert {mode(path) for path in database_files(db)} == {0o600}
    capsys.readouterr()
    assert cli.main(["keys", "path", "--db", str(db), "--keys", str(elsewhere)]) == 0
    assert capsys.readouterr().out.strip() == f"{elsewhere} (--keys)"
    assert cli.main(["users", "list", "--db", str(db)]) == 2  # the default has no key file
    error = capsys.readouterr().err.strip()
    assert "no key file at" in error and str(keys.default_path(db)) in error
    assert len(error.splitlines()) == 1


def test_keys_path_follows_the_environment_and_the_systemd_credential(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "queue.db"
    assert cli.main(["keys", "path", "--db", str(db)]) == 0
    assert capsys.readouterr().out.strip() == f"{tmp_path / 'queue.keys'} ({keys.Source.DEFAULT})"
    credential = tmp_path / "run" / keys.CREDENTIAL
    credential.parent.mkdir()
    credential.write_text("")
    monkeypatch.setenv("CREDENTIALS_DIRECTORY", str(credential.parent))
    assert cli.main(["keys", "path", "--db", str(db)]) == 0
    assert capsys.readouterr().out.strip() == f"{credential} ({keys.Source.CREDENTIAL})"
    monkeypatch.setenv(keys.ENVIRONMENT, str(tmp_path / "env.keys"))
    assert cli.main(["keys", "path", "--db", str(db)]) == 0
    assert capsys.readouterr().out.strip() == f"{tmp_path / 'env.keys'} ({keys.Source.ENVIRONMENT})"


def test_a_key_file_others_can_read_stops_every_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "queue.db"
    assert cli.main(["init", "--db", str(db)]) == 0
    keys.default_path(db).chmod(0o644)
    capsys.readouterr()
    assert cli.main(["users", "list", "--db", str(db)]) == 2
    error = capsys.readouterr().err.strip().splitlines()
    assert len(error) == 1 and f"chmod 600 {keys.default_path(db)}" in error[0]


def test_a_backup_is_private_and_carries_no_secret(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, dest = tmp_path / "queue.db", tmp_path / "backups" / "queue-copy.db"
    dest.parent.mkdir()
    with permissive_umask():
        store = Store(db, load_district(), settings=Settings(check_hours=False))
        store.issue(IssueRequest("qixia", "HJ01", id_card=IdCard(id_number(1))), "k")
        assert cli.main(["backup", "--db", str(db), str(dest)]) == 0
    assert "warning" not in capsys.readouterr().err
    assert mode(dest) == 0o600
    assert sorted(p.name for p in dest.parent.iterdir()) == [dest.name]  # no key file beside it
    copied = disk_bytes(dest)
    secrets = [store.token_key, store.id_key]
    assert not [s for s in secrets + [s.hex().encode() for s in secrets] if s in copied]


def issue_with_id(server: LiveServer, number: str) -> httpx.Response:
    return httpx.post(
        f"{server.url}/api/halls/qixia/tickets",
        json={"service": "HJ01", "id_card": {"number": number}},
        headers=server.headers("kiosk"),
        timeout=10,
    )


def test_rotating_the_id_key_keeps_todays_one_ticket_rule(
    live_server: LiveServer, capsys: pytest.CaptureFixture[str]
) -> None:
    first = issue_with_id(live_server, id_number(41))
    assert first.status_code == 201
    before = keys.KeyFile(keys.default_path(live_server.db_path)).load()
    live_server.stop()
    capsys.readouterr()
    assert cli.main(["keys", "rotate-id", "--db", str(live_server.db_path)]) == 0
    assert "Restart the server" in capsys.readouterr().out
    after = keys.KeyFile(keys.default_path(live_server.db_path)).load()
    assert after.id_keys[1:] == before.id_keys and after.token_key == before.token_key
    live_server.start()
    again = issue_with_id(live_server, id_number(41))
    assert again.status_code == 409, again.text
    assert again.json()["error"]["existing_number"] == first.json()["number"]
    assert issue_with_id(live_server, id_number(42)).status_code == 201
    assert cli.main(["keys", "prune", "--db", str(live_server.db_path)]) == 0
    assert "dropped 0 old ID-hash keys, kept 2" in capsys.readouterr().out  # retired today


def test_rotating_the_token_key_invalidates_every_token(
    live_server: LiveServer, capsys: pytest.CaptureFixture[str]
) -> None:
    listing = f"{live_server.url}/api/halls/qixia/tickets"
    old = {"Authorization": f"Bearer {live_server.token('manager', '*')}"}
    assert httpx.get(listing, headers=old, timeout=10).status_code == 200
    live_server.stop()
    capsys.readouterr()
    assert cli.main(["keys", "rotate-token", "--db", str(live_server.db_path)]) == 0
    said = capsys.readouterr().out
    assert "stops working" in said and "restart" in said and "token create" in said
    assert "device tokens on record marked revoked" in said
    assert cli.main(["token", "list", "--db", str(live_server.db_path)]) == 0
    states = {line.split("\t")[-1] for line in capsys.readouterr().out.splitlines()[1:]}
    assert states == {"revoked"}  # `token list` does not call dead tokens active
    live_server.start()
    refused = httpx.get(listing, headers=old, timeout=10)
    assert (refused.status_code, refused.json()["error"]["code"]) == (401, "invalid_token")
    new = {"Authorization": f"Bearer {live_server.token('manager', '*')}"}
    assert httpx.get(listing, headers=new, timeout=10).status_code == 200
