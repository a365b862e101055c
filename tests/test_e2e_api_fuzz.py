"""Property-based fuzzing of the review API against its OpenAPI document.

Schemathesis generates requests from ``docs/openapi.yaml`` for every
operation of ``/review_inbox/api/v1/reviews`` and sends them to a real Odoo
server, authenticated with an API key of the demo Review Inbox manager. Every
answer must be documented: no server error, a documented status code and
content type, and a body that fits the documented schema.
"""

import subprocess

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from . import harness

SPEC = harness.ROOT / "docs" / "openapi.yaml"
API_PATH = "/review_inbox/api/v1/reviews"
FUZZ_PLACE = "FUZZ01"
MANAGER_LOGIN = "review_manager"
KEY_MARKER = "FUZZ_API_KEY="
CHECKS = (
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
)

# Run in `odoo-bin shell`: API keys cannot be generated over RPC
# (`_generate` is private, the wizard asks for the password again).
KEY_SCRIPT = f"""
user = env["res.users"].search([("login", "=", {MANAGER_LOGIN!r})])
key = env["res.users.apikeys"].with_user(user).sudo()._generate("rpc", "fuzz", None)
env.cr.commit()
print({KEY_MARKER!r} + key)
"""


def generate_api_key(server):
    """A new API key (scope rpc) of the demo manager, made server-side."""
    result = subprocess.run(
        [
            harness.python(),
            harness.odoo_bin(),
            "shell",
            "-c",
            str(server.conf),
            "-d",
            server.db,
            "--no-http",
            "--log-level=warn",
        ],
        input=KEY_SCRIPT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    for line in result.stdout.splitlines():
        if line.startswith(KEY_MARKER):
            return line[len(KEY_MARKER) :].strip()
    raise harness.HarnessError(
        f"odoo-bin shell made no API key (exit status {result.returncode}):\n"
        + result.stdout[-2000:]
        + result.stderr[-2000:]
    )


@pytest.fixture(scope="module")
def api_key(odoo_server):
    key = generate_api_key(odoo_server)
    # a refused key would make every answer a (documented) 401
    response = requests.get(
        f"{odoo_server.url}{API_PATH}",
        params={"limit": 1},
        headers={"Authorization": f"Bearer {key}"},
        timeout=60,
    )
    assert response.status_code == 200, response.text
    return key


@pytest.fixture(scope="module")
def admin_module(odoo_server):
    return odoo_server.rpc(harness.ADMIN_LOGIN, harness.ADMIN_PASSWORD)


@pytest.fixture(scope="module")
def fuzz_place(admin_module):
    """Code of a place of its own, so that valid posts are stored (201) away
    from the demo places other tests use."""
    company_id = admin_module.execute_kw(
        "res.users", "read", [[admin_module.uid], ["company_id"]]
    )[0]["company_id"][0]
    admin_module.execute_kw(
        "review.place",
        "create",
        [{"name": "Fuzz place", "code": FUZZ_PLACE, "company_id": company_id}],
    )
    return FUZZ_PLACE


@pytest.fixture(scope="module")
def api_schema(odoo_server):
    return schemathesis.from_path(str(SPEC), base_url=odoo_server.url)


schema = schemathesis.from_pytest_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_openapi(case, api_key, fuzz_place):
    if case.method == "POST":
        # random place codes are all unknown (400): name the fuzz place
        items = case.body if isinstance(case.body, list) else [case.body]
        for item in items:
            if isinstance(item, dict):
                item["place_code"] = fuzz_place
    response = case.call(headers={"Authorization": f"Bearer {api_key}"}, timeout=60)
    case.validate_response(response, checks=CHECKS)
