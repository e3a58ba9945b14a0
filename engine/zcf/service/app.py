"""The HTTP API (`/v1`) and the self-check page (`/`): a face over `zcf.api`, no decisions of its own.

The only module importing fastapi (FastAPI, and Starlette under it); the rest of `zcf.service` is plain Python.

Every request stands alone (no state kept between requests). Bodies are JSON or an .xlsx made by
`zcf template`. Errors are RFC 9457 problem details carrying the problem list with JSON pointers.
"""

from __future__ import annotations

import datetime as dt
import hmac
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from zcf.api import SubmissionInput, example_path, load_entry, read_input, template_workbook
from zcf.errors import SubmissionInvalidError, UsageError, ZcfError
from zcf.evaluate.pipeline import default_as_of
from zcf.evaluate.schemes import evaluate_schemes
from zcf.locations import data_dir
from zcf.model.problem import Problem, Severity
from zcf.model.result import EvaluationResult
from zcf.rulesets import registry
from zcf.service import formats
from zcf.service.limits import Gate, Limits, read_body
from zcf.service.problem_details import MEDIA_TYPE, Answer, ProblemDetails, documented, from_error, problem
from zcf.submission.validation import check as check_submission
from zcf.version import __version__

PAGE = Path(__file__).parent / "page"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
API_KEY_HEADER = "X-API-Key"


@dataclass(frozen=True)
class Settings:
    limits: Limits = field(default_factory=Limits)
    #: when set, every /v1 request must carry it in the X-API-Key header
    api_key: str | None = None
    #: origins allowed to call the API from a browser (CORS); none by default
    cors_origins: tuple[str, ...] = ()


class Title(BaseModel):
    zh_cn: str = Field(alias="zh-CN")
    en: str


class RulesetInfo(BaseModel):
    id: str
    version: str
    title: Title
    status: str
    effective_from: dt.date
    effective_until: dt.date | None = None
    examples: list[str] = Field(default_factory=list, description="Names of shipped example submissions.")


class EvaluateResponse(BaseModel):
    results: list[EvaluationResult] = Field(description="One result per scheme evaluated.")


class CheckResponse(BaseModel):
    valid: bool
    ruleset: str = Field(description="ID@VERSION the submission was checked against.")
    warnings: list[Problem] = Field(default_factory=list)


class Health(BaseModel):
    status: str
    version: str
    formats: list[str] = Field(description="Report formats POST /v1/evaluate can return.")
    api_key_required: bool


_BODY = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": {"type": "object", "description": "A submission (see /v1/rulesets/{id}/schema)."}},
    XLSX: {"schema": {"type": "string", "format": "binary", "description": "A workbook made by zcf template."}},
}}}


def create_app(settings: Settings | None = None) -> FastAPI:
    """The ASGI application; `zcf serve` runs it with uvicorn, platforms may mount it."""
    settings = settings or Settings()
    limits = settings.limits
    gate: Gate | None = None

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        nonlocal gate
        gate = Gate(limits)
        try:
            yield
        finally:
            gate.close()

    # No /docs or /redoc: FastAPI's pages load their scripts from a CDN; /openapi.json is served.
    app = FastAPI(title="zcf", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Zero-carbon factory (零碳工厂) compliance engine: evaluate submissions against "
                              "versioned rulesets. Errors are RFC 9457 problem details (application/problem+json).")

    def the_gate() -> Gate:
        nonlocal gate
        if gate is None:  # mounted in a host app whose lifespan does not reach ours
            gate = Gate(limits)
        return gate

    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins),
                           allow_methods=["GET", "POST"], allow_headers=["Content-Type", API_KEY_HEADER])

    @app.middleware("http")
    async def guard(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        if settings.api_key and _route_path(request).startswith("/v1/"):
            given = request.headers.get(API_KEY_HEADER, "")
            if not hmac.compare_digest(given.encode(), settings.api_key.encode()):
                return _response(problem(401, "api-key", f"send the deployment's API key in the {API_KEY_HEADER} "
                                         "header", headers={"WWW-Authenticate": API_KEY_HEADER}))
        return await call_next(request)

    @app.exception_handler(ZcfError)
    async def zcf_error(_: Request, err: ZcfError) -> JSONResponse:
        return _response(from_error(err))

    @app.exception_handler(RequestValidationError)
    async def bad_request(_: Request, err: RequestValidationError) -> JSONResponse:
        found = [Problem(code="request-" + str(e.get("type", "invalid")),
                         pointer="/" + "/".join(str(p) for p in e.get("loc", ())[1:]),
                         message=str(e.get("msg", "invalid"))) for e in err.errors()]
        return _response(problem(400, "bad-request", "; ".join(p.message for p in found) or "invalid request",
                                 errors=found))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, err: StarletteHTTPException) -> JSONResponse:
        return _response(problem(err.status_code, "http-" + str(err.status_code), str(err.detail)))

    @app.exception_handler(Exception)
    async def internal(_: Request, err: Exception) -> JSONResponse:
        return _response(problem(500, "internal", f"internal error ({type(err).__name__}); this is a bug in zcf, "
                                 "please report it with the request that caused it"))

    # ------------------------------------------------------------------ API

    @app.get("/healthz", response_model=Health, tags=["service"])
    def healthz() -> Health:
        """Liveness, the engine version and the report formats on offer."""
        return Health(status="ok", version=__version__, formats=list(formats.available()),
                      api_key_required=bool(settings.api_key))

    @app.get("/v1/rulesets", response_model=list[RulesetInfo], responses=documented(401), tags=["rulesets"])
    def rulesets() -> list[RulesetInfo]:
        """Every ruleset edition installed, in id and version order."""
        return [_info(entry) for entry in registry.discover()]

    @app.get("/v1/rulesets/{ruleset}/schema", responses=documented(401, 404), tags=["rulesets"])
    def ruleset_schema(ruleset: str) -> JSONResponse:
        """The submission JSON Schema of RULESET (ID or ID@VERSION), as a ruleset composes it."""
        entry = _find(ruleset)
        return JSONResponse(_json_safe(load_entry(entry).loaded.schema))

    @app.get("/v1/rulesets/{ruleset}/example", responses=documented(401, 404), tags=["rulesets"])
    def ruleset_example(ruleset: str, name: Annotated[str, Query(max_length=100)] = "zero-carbon") -> Response:
        """A filled example submission for RULESET (the default example is `zero-carbon` where it exists)."""
        entry = _find(ruleset)
        return Response(example_path(entry.id, name).read_bytes(), media_type="application/json")

    @app.get("/v1/rulesets/{ruleset}/template", responses={**documented(401, 404), 200: {
        "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}},
        "description": "The Excel data template."}}, tags=["rulesets"])
    async def ruleset_template(ruleset: str, example: Annotated[str | None, Query(max_length=100)] = None) -> Response:
        """The Excel data template of RULESET, empty or filled with a shipped example."""
        entry = _find(ruleset)
        deadline = time.monotonic() + limits.timeout

        def build() -> bytes:
            doc = None
            if example is not None:
                doc = read_input(example_path(entry.id, example).read_bytes(), source_name=example).doc
            return template_workbook(entry.ref, doc)

        data = await the_gate().run(deadline, build)
        name = f"{entry.id}-{example or 'template'}.xlsx"
        return Response(data, media_type=XLSX, headers={"Content-Disposition": f'attachment; filename="{name}"'})

    @app.post("/v1/evaluate", openapi_extra=_BODY, tags=["evaluate"], responses={
        200: {"model": EvaluateResponse, "description": "The results (format=json) or the report in `format`."},
        **documented(400, 401, 404, 408, 413, 422, 503)})
    async def evaluate(
        request: Request,
        ruleset: Annotated[str | None, Query(
            max_length=500, description="ID, ID@VERSION, a comma-separated list, or `all` that apply "
                                        "(default: the workbook's ruleset, else zcf-cn-general).")] = None,
        as_of: Annotated[dt.date | None, Query(description="Evaluation date (default: end of period).")] = None,
        lang: Annotated[str, Query(pattern="^(zh-CN|en)$", description="Language of rendered reports.")] = "zh-CN",
        format: Annotated[str, Query(max_length=20, description="json, or a report format from /healthz.")] = "json",
        gaps: Annotated[bool, Query(description="Work out what it would take to pass (slower).")] = False,
    ) -> Response:
        """Evaluate a submission (JSON or .xlsx body) under one ruleset, a list, or every one that applies."""
        offered = formats.available()
        if format not in offered:
            raise UsageError(f"unknown format {format!r}", hint="one of: " + ", ".join(offered))
        deadline = time.monotonic() + limits.timeout
        data = await read_body(request.headers, request.stream(), limits, deadline)
        name = _source_name(request)

        def work() -> bytes:
            received = read_input(data, source_name=name)
            specs = _specs(ruleset, received)
            on = as_of or _dated(received)
            try:
                results, _ = evaluate_schemes(specs, received.doc, load_entry, as_of=on, raw=received.raw,
                                              gaps=gaps)
            except SubmissionInvalidError as err:
                raise received.located(err) from err
            return formats.render(format, results, lang=lang, several=len(specs) != 1 or specs == ["all"],
                                  submission=received.doc, submission_name=name)

        body = await the_gate().run(deadline, work)
        chosen = offered[format]
        headers = {} if format == "json" else {
            "Content-Disposition": f'attachment; filename="zcf-report{chosen.suffix}"'}
        return Response(body, media_type=chosen.media_type, headers=headers)

    @app.post("/v1/check", openapi_extra=_BODY, response_model=CheckResponse, tags=["evaluate"],
              responses=documented(400, 401, 404, 408, 413, 422, 503))
    async def check(
        request: Request,
        ruleset: Annotated[str | None, Query(max_length=200, description="ID or ID@VERSION.")] = None,
        as_of: Annotated[dt.date | None, Query(description="Picks the edition (default: end of period).")] = None,
    ) -> CheckResponse:
        """Validate a submission (JSON or .xlsx) against a ruleset's schema and consistency checks only."""
        deadline = time.monotonic() + limits.timeout
        data = await read_body(request.headers, request.stream(), limits, deadline)
        name = _source_name(request)

        def work() -> CheckResponse:
            received = read_input(data, source_name=name)
            spec = _specs(ruleset, received)[0]
            if spec == "all" or "," in (ruleset or ""):
                raise UsageError("check validates against one ruleset", hint="ruleset=ID or ID@VERSION")
            entry = registry.find(spec, as_of=as_of or _dated(received))
            loaded = load_entry(entry).loaded
            try:
                warnings = check_submission(received.doc, loaded.schema)
            except SubmissionInvalidError as err:
                raise received.located(err) from err
            return CheckResponse(valid=True, ruleset=entry.ref,
                                 warnings=[w for w in warnings if w.severity is Severity.WARNING] or list(warnings))

        return await the_gate().run(deadline, work)

    # ------------------------------------------------------------------ page

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(PAGE / "index.html", media_type="text/html; charset=utf-8")

    app.mount("/assets", StaticFiles(directory=PAGE), name="assets")

    def openapi() -> dict[str, Any]:
        """FastAPI's schema without its 422 `HTTPValidationError` (bad requests answer 400 problem+json)."""
        if app.openapi_schema:
            return app.openapi_schema
        from fastapi.openapi.utils import get_openapi

        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        for path in schema.get("paths", {}).values():
            for operation in path.values():
                responses = operation.get("responses", {})
                if "422" in responses and "HTTPValidationError" in str(responses["422"]):
                    del responses["422"]
                    responses.setdefault("400", documented(400)[400] | {"model": None})
                    responses["400"].pop("model", None)
        components = schema.get("components", {}).get("schemas", {})
        components.pop("HTTPValidationError", None)
        components.pop("ValidationError", None)
        components.setdefault("ProblemDetails",
                              ProblemDetails.model_json_schema(ref_template="#/components/schemas/{model}"))
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


def _response(answer: Answer) -> JSONResponse:
    return JSONResponse(answer.body, status_code=answer.status, media_type=MEDIA_TYPE, headers=answer.headers)


def _route_path(request: Request) -> str:
    """The path inside this app, also when a host application mounts it under a prefix."""
    path: str = request.scope["path"]
    root: str = request.scope.get("root_path", "")
    return path[len(root):] if root and path.startswith(root) else path


def _info(entry: registry.RulesetEntry) -> RulesetInfo:
    folder = data_dir("examples") / entry.id
    examples = sorted(p.stem for p in folder.glob("*.json")) if folder.is_dir() else []
    return RulesetInfo(id=entry.id, version=entry.version,
                       title=Title.model_validate({"zh-CN": entry.title_zh, "en": entry.title_en}),
                       status=entry.status, effective_from=entry.effective_from,
                       effective_until=entry.effective_until or entry.implied_until, examples=examples)


def _find(spec: str) -> registry.RulesetEntry:
    return registry.find(spec)


def _specs(ruleset: str | None, received: SubmissionInput) -> list[str]:
    if ruleset:
        return [s.strip() for s in ruleset.split(",") if s.strip()] or ["zcf-cn-general"]
    return [received.workbook.ruleset.split("@")[0]] if received.workbook else ["zcf-cn-general"]


def _period_end(doc: dict[str, Any]) -> dt.date | None:
    try:
        return default_as_of(doc)
    except (KeyError, TypeError, ValueError):
        return None


def _dated(received: SubmissionInput) -> dt.date:
    """The end of the reporting period, which dates the evaluation; a 422 naming it when absent."""
    end = _period_end(received.doc) if isinstance(received.doc, dict) else None
    if end is None:
        err = SubmissionInvalidError("the reporting period end (/period/end, YYYY-MM-DD) is missing or not a date", [
            Problem(code="period-end", pointer="/period/end",
                    message="give the last day of the reporting period as YYYY-MM-DD; it picks the ruleset "
                            "edition and the factors (or pass as_of=YYYY-MM-DD)")])
        raise received.located(err)
    return end


def _source_name(request: Request) -> str:
    kind = request.headers.get("content-type", "")
    return "submission.xlsx" if kind.startswith(XLSX) else "submission.json"


def _json_safe(node: Any) -> Any:
    """A schema read with Decimal numbers, as plain JSON values (numbers stay numbers)."""
    if isinstance(node, dict):
        return {k: _json_safe(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_json_safe(v) for v in node]
    if isinstance(node, Decimal):
        return int(node) if node == node.to_integral_value() else float(node)
    return node


__all__ = ["MEDIA_TYPE", "Settings", "create_app"]
