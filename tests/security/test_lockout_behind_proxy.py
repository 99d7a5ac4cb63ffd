"""Login lockout behind the reverse proxy: per username AND the real client's address.

Every request reaches the application from nginx's address. Before django-ipware was
installed, axes keyed failures on that address, so five wrong passwords from anybody locked
the account for everybody (issue 17). Here the settings are production's for nginx in front
(``PROXY_COUNT=1``, nginx at 127.0.0.1, the test client's ``REMOTE_ADDR``), and each client
is told apart by the ``X-Forwarded-For`` that nginx writes (``$proxy_add_x_forwarded_for``:
whatever the client sent, then the address nginx saw).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from core.client_address import client_address

pytestmark = pytest.mark.django_db

PASSWORD = "VanPhong@2026"
NGINX = "127.0.0.1"
ALICE = "198.51.100.7"  # a member's machine
MALLORY = "203.0.113.66"  # someone typing wrong passwords for other people's accounts
PROJECT_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _behind_nginx(settings):
    settings.PROXY_COUNT = 1
    settings.TRUSTED_PROXIES = [NGINX]
    settings.AXES_IPWARE_PROXY_COUNT = 0
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]


def through_nginx(client_ip: str, forged: str | None = None) -> Client:
    """A browser at ``client_ip`` whose requests pass nginx (which appends that address)."""
    forwarded = f"{forged}, {client_ip}" if forged else client_ip
    return Client(HTTP_HOST="localhost", REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR=forwarded)


def direct(client_ip: str, forged: str | None = None) -> Client:
    """A client that reaches the application without the proxy, perhaps forging the header."""
    extra = {"HTTP_X_FORWARDED_FOR": forged} if forged else {}
    return Client(HTTP_HOST="localhost", REMOTE_ADDR=client_ip, **extra)


def login(client, password, username="dangvien"):
    return client.post(reverse("login"), {"username": username, "password": password})


def lock(client, settings, username="dangvien"):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        login(client, "sai-mat-khau", username)
    assert login(client, PASSWORD, username).status_code == 429


def test_a_client_locks_only_itself_for_that_username(settings):
    lock(through_nginx(MALLORY), settings)
    # Alice, behind the same nginx, still logs in as the same user.
    assert login(through_nginx(ALICE), PASSWORD).status_code == 302
    # The failures were recorded against the real client, not the proxy.
    addresses = set(AccessAttempt.objects.values_list("ip_address", flat=True))
    assert addresses == {MALLORY}
    # Mallory stays locked for that username, and only for it.
    assert login(through_nginx(MALLORY), PASSWORD).status_code == 429
    assert login(through_nginx(MALLORY), PASSWORD, username="bientap").status_code == 302


def test_a_forged_header_through_the_proxy_cannot_lock_another_client(settings):
    # Mallory writes Alice's address into X-Forwarded-For; nginx appends Mallory's own.
    lock(through_nginx(MALLORY, forged=ALICE), settings)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {MALLORY}
    assert login(through_nginx(ALICE), PASSWORD).status_code == 302


def test_a_forged_header_from_a_direct_client_cannot_lock_others(settings):
    # Without the proxy, the header is the client's own text: it is not believed.
    lock(direct(MALLORY, forged=ALICE), settings)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {MALLORY}
    assert login(through_nginx(ALICE), PASSWORD).status_code == 302
    assert login(direct(ALICE), PASSWORD).status_code == 302


def test_two_proxies_take_the_address_the_outer_one_appended(settings, rf):
    # A load balancer in front of nginx: the client's address is second from the right.
    settings.PROXY_COUNT = 2
    settings.AXES_IPWARE_PROXY_COUNT = 1
    balancer = "192.0.2.10"
    request = rf.post(
        "/dang-nhap/",
        REMOTE_ADDR=NGINX,
        HTTP_X_FORWARDED_FOR=f"{ALICE}, {MALLORY}, {balancer}",
    )
    assert client_address(request) == MALLORY


@pytest.mark.parametrize(
    ("trusted", "remote", "believed"),
    [
        (["127.0.0.1"], "127.0.0.1", True),
        (["10.0.0.0/8"], "10.1.2.3", True),
        (["10.0.0.0/8"], "11.1.2.3", False),
        (["*"], "203.0.113.1", True),
        (["proxy.local"], "127.0.0.1", False),  # a name, not an address: trusts nothing
    ],
)
def test_the_header_counts_only_from_a_trusted_proxy(settings, rf, trusted, remote, believed):
    settings.TRUSTED_PROXIES = trusted
    request = rf.post("/dang-nhap/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=ALICE)
    assert client_address(request) == (ALICE if believed else remote)


def test_the_login_form_warns_when_few_attempts_are_left(settings):
    client = through_nginx(ALICE)
    texts = [
        login(client, "sai-mat-khau").content.decode()
        for _attempt in range(settings.AXES_FAILURE_LIMIT - 1)
    ]
    assert all("lần thử" not in text for text in texts[:-2])
    assert "Còn 2 lần thử" in texts[-2]
    assert "Còn 1 lần thử" in texts[-1]
    assert "tạm khóa 15 phút" in texts[-1]


def test_the_lockout_page_says_the_real_wait(settings):
    settings.AXES_COOLOFF_TIME = 0.5  # hours
    client = through_nginx(ALICE)
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        login(client, "sai-mat-khau")
    response = login(client, PASSWORD)
    assert response.status_code == 429
    text = response.content.decode()
    assert "Tạm khóa đăng nhập" in text
    assert "thử lại sau 30 phút" in text


def _production_values(extra_env: dict[str, str]) -> dict:
    code = (
        "import json, django; from django.conf import settings as s; django.setup(); "
        "print(json.dumps({k: getattr(s, k) for k in ['PROXY_COUNT', 'TRUSTED_PROXIES', "
        "'AXES_IPWARE_PROXY_COUNT', 'AXES_IPWARE_META_PRECEDENCE_ORDER', "
        "'AXES_CLIENT_IP_CALLABLE', 'AXES_LOCKOUT_PARAMETERS']}))"
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PROXY_COUNT", "FORWARDED_ALLOW_IPS", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="intranet.settings.production",
        SECRET_KEY="k" * 50,
        **extra_env,
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_reads_the_proxies_from_the_environment():
    default = _production_values({})
    assert default["PROXY_COUNT"] == 1 and default["AXES_IPWARE_PROXY_COUNT"] == 0
    assert default["AXES_IPWARE_META_PRECEDENCE_ORDER"] == ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    assert default["TRUSTED_PROXIES"] == ["127.0.0.1"]
    assert default["AXES_CLIENT_IP_CALLABLE"] == "core.client_address.client_address"
    assert default["AXES_LOCKOUT_PARAMETERS"] == [["username", "ip_address"]]
    two = _production_values({"PROXY_COUNT": "2", "FORWARDED_ALLOW_IPS": "10.0.0.5,10.0.0.6"})
    assert two["AXES_IPWARE_PROXY_COUNT"] == 1
    assert two["TRUSTED_PROXIES"] == ["10.0.0.5", "10.0.0.6"]
    none = _production_values({"PROXY_COUNT": "0"})
    assert none["AXES_IPWARE_META_PRECEDENCE_ORDER"] == ["REMOTE_ADDR"]
