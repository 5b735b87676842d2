"""The one scrubber of secrets (sharekit.errors.redact): every form a message may spell one.

Each case is a way a secret reached an output before SPEC 8.2: an HTTP
library quoting a header (a token with a newline, escaped), a connection
string or URL printed whole, an error of a wrong-typed value.
"""

from __future__ import annotations

import json
import pickle
from urllib.parse import quote, quote_plus

import pytest

from sharekit.errors import InputError, NetworkError, redact, register_secret

TOKEN = "tok-Zq81\nsecond-line-xy"


@pytest.fixture(autouse=True)
def _registered() -> None:
    register_secret(TOKEN)


@pytest.mark.parametrize(
    "shown",
    [
        TOKEN,
        repr(TOKEN),  # 'tok-Zq81\nsecond-line-xy'
        repr(TOKEN.encode()),  # b'...'
        json.dumps(TOKEN),
        json.dumps(TOKEN, ensure_ascii=False),
        quote(TOKEN, safe=""),
        quote(TOKEN, safe="").lower(),
        quote_plus(TOKEN),
        TOKEN.replace("\n", " "),  # clean_text's one line
        TOKEN.replace("\n", "\\x0a"),  # the CLI's printable line
        repr(repr(TOKEN)),  # a repr of a message that held the repr
        "second-line-xy",  # one line of it, quoted alone
    ],
)
def test_a_registered_secret_is_hidden_in_every_escaped_form(shown: str) -> None:
    text = redact(f"Invalid header value b'Bearer {shown}' (after)")
    assert "Zq81" not in text and "second-line-xy" not in text, text
    assert text.endswith("(after)")


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (
            "postgresql://u:pw-1234@db.example:5432/news",
            "postgresql://u:[secret]@db.example:5432/news",
        ),
        ("postgresql://:pw-1234@db.example/news", "postgresql://:[secret]@db.example/news"),
        ("postgresql://u@h/db?sslmode=require&password=pw-1234", "password=[secret]"),
        ("host=h password=pw-1234 dbname=d", "host=h password=[secret] dbname=d"),
        ("host=h password = 'pw 12\\' 34' dbname=d", "password = [secret] dbname=d"),
        ('{"password": "pw-1234"}', "\"password\": '[secret]'"),
        ("{'app_password': 'pw-1234'}", "'app_password': '[secret]'"),
        ("https://graph.example/?id=x&access_token=pw-1234", "access_token=[secret]"),
    ],
)
def test_passwords_in_urls_and_connection_strings_are_hidden(text: str, kept: str) -> None:
    shown = redact(text)
    assert "pw-1234" not in shown and "pw 12" not in shown, shown
    assert kept in shown


def test_secret_environment_variables_are_hidden_without_registration(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SHAREKIT_BLUESKY_APP_PASSWORD", "abcd-efgh-ijkl-mnop")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "aws/secret+key")
    monkeypatch.setenv("SHAREKIT_SITE_NAME", "Daily News")  # not a secret's name: kept
    text = redact("abcd-efgh-ijkl-mnop aws%2Fsecret%2Bkey Daily News")
    assert text == "[secret] [secret] Daily News"


def test_every_sharekit_error_prints_scrubbed_and_survives_pickling() -> None:
    error = NetworkError("postgresql://u:pw-1234@h/db", f"header {TOKEN!r} refused")
    again = pickle.loads(pickle.dumps(error))
    for shown in (str(error), str(again)):
        assert "pw-1234" not in shown and "Zq81" not in shown
    assert error.url == "postgresql://u:pw-1234@h/db"  # the fields stay for the caller
    assert "Zq81" not in str(InputError("a.json", "title", TOKEN))


def test_a_surrogate_in_a_secret_does_not_break_the_scrubber() -> None:
    register_secret("key-\udcff\udcfe-bytes")
    assert redact("got key-\udcff\udcfe-bytes") == "got [secret]"


def test_ordinary_text_is_left_alone() -> None:
    text = 'a.json: published: not an ISO 8601 date: "yesterday" (https://news.example/a?p=2)'
    assert redact(text) == text
