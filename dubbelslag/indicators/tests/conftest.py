"""Fixtures for the DB-free parser tests: captured CBS samples and a fake ``fetch_json`` that serves them."""

from __future__ import annotations

import json
import socket
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

DATA = Path(__file__).resolve().parent / "data"
BASE = "https://opendata.cbs.nl/ODataApi/odata/"
DP_URL = f"{BASE}85984NED/DataProperties?$format=json"
SELECT = "WijkenEnBuurten,AantalInwoners_5,Bevolkingsdichtheid_34,Woningvoorraad_35,OppervlakteLand_123"
PAGE1_URL = f"{BASE}85984NED/TypedDataSet?$format=json&$select={SELECT}"
PAGE2_URL = f"{PAGE1_URL}&$skip=3"


def load_json(name: str) -> dict[str, Any]:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


class FakeFetcher:
    """A ``fetch_json`` that answers only the exact URLs it was given and records every call."""

    def __init__(self, routes: Mapping[str, Mapping[str, Any]]) -> None:
        self.routes = dict(routes)
        self.calls: list[str] = []

    def __call__(self, url: str) -> Mapping[str, Any]:
        self.calls.append(url)
        if url not in self.routes:
            raise AssertionError(f"unexpected URL requested: {url}")
        return self.routes[url]


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Safety net: any attempt to open a socket fails the test, so a forgotten injection cannot reach CBS."""

    def refuse(*args, **kwargs):
        raise AssertionError("tests must not use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture
def english():
    """Parser messages are translated when they are made and Dutch is the default; the parser tests check the English
    source text, so they parse in English (``pytestmark = pytest.mark.usefixtures("english")``)."""
    with translation.override("en"):
        yield


@pytest.fixture
def kwb_2024_fetcher() -> FakeFetcher:
    """Serves the captured 85984NED DataProperties and the two TypedDataSet pages at their real URLs."""
    return FakeFetcher(
        {
            DP_URL: load_json("odata_85984NED_DataProperties.json"),
            PAGE1_URL: load_json("odata_85984NED_TypedDataSet_page1.json"),
            PAGE2_URL: load_json("odata_85984NED_TypedDataSet_page2.json"),
        }
    )
