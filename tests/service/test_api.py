"""The HTTP API over real HTTP (httpx against uvicorn on loopback)."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import httpx
import pytest
from zcf.service.app import Settings
from zcf.service.limits import Limits

Serve = Callable[[Settings], AbstractContextManager[str]]

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "zcf-cn-general" / "zero-carbon.json"
FAILING = ROOT / "examples" / "zcf-cn-general" / "failing.json"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PROBLEM = "application/problem+json"
AS_OF = "2026-03-31"  # the shipped rulesets take effect on 2026-01-19, after the examples' periods end


def test_health_lists_formats(base_url: str) -> None:
    body = httpx.get(f"{base_url}/healthz").json()
    assert body["status"] == "ok"
    assert "json" in body["formats"]
    assert body["api_key_required"] is False


def test_rulesets_schema_and_example(base_url: str) -> None:
    listed = httpx.get(f"{base_url}/v1/rulesets").json()
    ids = {r["id"] for r in listed}
    assert {"zcf-cn-general", "zcf-cn-pv"} <= ids
    general = next(r for r in listed if r["id"] == "zcf-cn-general")
    assert "zero-carbon" in general["examples"] and general["title"]["zh-CN"]
    schema = httpx.get(f"{base_url}/v1/rulesets/zcf-cn-pv/schema").json()
    assert "allOf" in schema  # composed: the general schema and the PV extension
    example = httpx.get(f"{base_url}/v1/rulesets/zcf-cn-general/example")
    assert example.json() == json.loads(EXAMPLE.read_text(encoding="utf-8"))


def test_unknown_ruleset_is_404_problem(base_url: str) -> None:
    response = httpx.get(f"{base_url}/v1/rulesets/no-such-thing/schema")
    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["status"] == 404 and body["code"] == "ruleset-not-found" and body["type"].endswith(body["code"])


def test_evaluate_json_gives_the_cli_result(base_url: str) -> None:
    response = httpx.post(f"{base_url}/v1/evaluate", params={"ruleset": "zcf-cn-general", "as_of": AS_OF},
                          content=EXAMPLE.read_bytes(), headers={"Content-Type": "application/json"}, timeout=120)
    assert response.status_code == 200, response.text
    (result,) = response.json()["results"]
    assert result["ruleset"]["id"] == "zcf-cn-general"
    assert result["verdict"]["grade"] == "zero-carbon"
    assert result["as_of"] == AS_OF


def test_evaluate_all_with_gaps(base_url: str) -> None:
    response = httpx.post(f"{base_url}/v1/evaluate", params={"ruleset": "all", "as_of": AS_OF, "gaps": "true"},
                          content=FAILING.read_bytes(), timeout=300)
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert results and all(not r["verdict"]["compliant"] for r in results)
    assert any(r["gaps"] for r in results)


def test_evaluate_table_format(base_url: str) -> None:
    if "table" not in httpx.get(f"{base_url}/healthz").json()["formats"]:
        pytest.skip("this engine has no report registry yet (only json)")
    response = httpx.post(f"{base_url}/v1/evaluate", params={"as_of": AS_OF, "format": "table", "lang": "en"},
                          content=EXAMPLE.read_bytes(), timeout=120)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert "zcf-cn-general@1.0.0" in response.text


def test_unknown_format_is_400(base_url: str) -> None:
    response = httpx.post(f"{base_url}/v1/evaluate", params={"format": "docx"}, content=b"{}")
    assert response.status_code == 400 and response.headers["content-type"] == PROBLEM
    assert "json" in response.json()["hint"]


def test_invalid_submission_is_422_with_pointers(base_url: str) -> None:
    doc = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    doc["enterprise"]["industry_code"] = "ZZ"
    response = httpx.post(f"{base_url}/v1/check", params={"as_of": AS_OF}, json=doc)
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    errors = response.json()["errors"]
    assert [e["pointer"] for e in errors] == ["/enterprise/industry_code"]


def test_check_valid(base_url: str) -> None:
    response = httpx.post(f"{base_url}/v1/check", params={"as_of": AS_OF}, content=EXAMPLE.read_bytes())
    assert response.status_code == 200
    assert response.json()["valid"] is True and response.json()["ruleset"] == "zcf-cn-general@1.0.0"


def test_broken_json_is_422(base_url: str) -> None:
    response = httpx.post(f"{base_url}/v1/evaluate", content=b'{"schema_version": "1.0",', timeout=60)
    assert response.status_code == 422
    assert response.json()["errors"][0]["code"]


def test_bad_query_is_400_problem(base_url: str) -> None:
    response = httpx.post(f"{base_url}/v1/evaluate", params={"as_of": "31/03/2026"}, content=b"{}")
    assert response.status_code == 400 and response.headers["content-type"] == PROBLEM
    assert response.json()["errors"][0]["pointer"] == "/as_of"


def test_template_round_trip_over_http(base_url: str) -> None:
    from openpyxl import load_workbook

    template = httpx.get(f"{base_url}/v1/rulesets/zcf-cn-general/template", params={"example": "zero-carbon"},
                         timeout=60)
    assert template.status_code == 200 and template.headers["content-type"] == XLSX
    names = load_workbook(io.BytesIO(template.content), read_only=True).sheetnames
    assert names[0] == "说明 Instructions" and len(names) > 10
    response = httpx.post(f"{base_url}/v1/evaluate", params={"as_of": AS_OF}, content=template.content,
                          headers={"Content-Type": XLSX}, timeout=120)
    assert response.status_code == 200, response.text
    (result,) = response.json()["results"]
    assert result["ruleset"]["id"] == "zcf-cn-general" and result["verdict"]["grade"] == "zero-carbon"


def test_workbook_problem_names_the_cell(base_url: str) -> None:
    from openpyxl import load_workbook

    template = httpx.get(f"{base_url}/v1/rulesets/zcf-cn-general/template", params={"example": "zero-carbon"},
                         timeout=60).content
    wb = load_workbook(io.BytesIO(template))
    sheet = next(ws for ws in wb.worksheets if ws["A1"].value == "#/enterprise")
    row = next(r for r in range(3, 20) if sheet[f"A{r}"].value == "/industry_code")
    sheet[f"D{row}"] = "ZZ"
    out = io.BytesIO()
    wb.save(out)
    response = httpx.post(f"{base_url}/v1/check", params={"as_of": AS_OF}, content=out.getvalue(), timeout=60)
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert error["pointer"] == "/enterprise/industry_code"
    assert error["params"]["cell"] == f"'{sheet.title}'!D{row}"


def test_body_too_large_is_413(serve: Serve) -> None:
    with serve(Settings(limits=Limits(max_body=1024))) as url:
        response = httpx.post(f"{url}/v1/evaluate", content=b" " * 5000)
        assert response.status_code == 413 and response.headers["content-type"] == PROBLEM

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted while it arrives
            for _ in range(10):
                yield b" " * 500

        streamed = httpx.post(f"{url}/v1/check", content=chunks())
        assert streamed.status_code == 413


def test_slow_request_is_408_and_a_busy_server_503(serve: Serve) -> None:
    """One worker, no queue, a very short time limit: the first request outlives it (408) and its
    thread keeps the only slot until it ends, so the next request is refused at once (503)."""
    with serve(Settings(limits=Limits(timeout=0.2, workers=1, queue=0))) as url:
        first = httpx.post(f"{url}/v1/evaluate", params={"ruleset": "all", "as_of": AS_OF, "gaps": "true"},
                           content=FAILING.read_bytes(), timeout=60)
        assert first.status_code == 408 and first.headers["content-type"] == PROBLEM
        second = httpx.post(f"{url}/v1/evaluate", params={"as_of": AS_OF}, content=EXAMPLE.read_bytes(), timeout=60)
        assert second.status_code == 503 and second.headers["retry-after"] == "1"
        assert second.json()["code"] == "service-busy"


def test_api_key_when_configured(serve: Serve) -> None:
    with serve(Settings(api_key="s3cret")) as url:
        refused = httpx.get(f"{url}/v1/rulesets")
        assert refused.status_code == 401 and refused.headers["content-type"] == PROBLEM
        assert httpx.get(f"{url}/v1/rulesets", headers={"X-API-Key": "wrong"}).status_code == 401
        assert httpx.get(f"{url}/v1/rulesets", headers={"X-API-Key": "s3cret"}).status_code == 200
        assert httpx.get(f"{url}/healthz").json()["api_key_required"] is True


def test_cors_off_by_default_and_on_when_asked(base_url: str, serve: Serve) -> None:
    origin = {"Origin": "https://platform.example", "Access-Control-Request-Method": "POST"}
    assert "access-control-allow-origin" not in httpx.get(f"{base_url}/healthz", headers=origin).headers
    with serve(Settings(cors_origins=("https://platform.example",))) as url:
        preflight = httpx.options(f"{url}/v1/evaluate", headers=origin)
        assert preflight.headers["access-control-allow-origin"] == "https://platform.example"


def test_page_and_assets_are_served_locally(base_url: str) -> None:
    page = httpx.get(f"{base_url}/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    for asset in ("app.js", "app.css"):
        assert httpx.get(f"{base_url}/assets/{asset}").status_code == 200
    assert "http://" not in page.text and "https://" not in page.text  # no CDN
    assert httpx.get(f"{base_url}/docs").status_code == 404  # FastAPI's docs page would load a CDN


def test_openapi_documents_problem_details(base_url: str) -> None:
    spec = httpx.get(f"{base_url}/openapi.json").json()
    evaluate = spec["paths"]["/v1/evaluate"]["post"]
    assert {"400", "408", "413", "422", "503"} <= set(evaluate["responses"])
    assert "ProblemDetails" in spec["components"]["schemas"]
    assert "HTTPValidationError" not in spec["components"]["schemas"]


def test_mounted_in_a_host_app_keeps_its_key(serve: Serve) -> None:
    from fastapi import FastAPI
    from zcf.service.app import create_app

    host = FastAPI()
    host.mount("/zcf", create_app(Settings(api_key="k")))
    with serve(host) as url:  # type: ignore[arg-type]
        assert httpx.get(f"{url}/zcf/v1/rulesets").status_code == 401
        listed = httpx.get(f"{url}/zcf/v1/rulesets", headers={"X-API-Key": "k"})
        assert listed.status_code == 200 and listed.json()
        evaluated = httpx.post(f"{url}/zcf/v1/evaluate", params={"as_of": AS_OF}, content=EXAMPLE.read_bytes(),
                               headers={"X-API-Key": "k"}, timeout=120)
        assert evaluated.status_code == 200
