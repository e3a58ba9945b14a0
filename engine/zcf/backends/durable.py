"""The durable_rules backend: the second, independent implementation of clause checks (DESIGN §7).

The only module that imports durable_rules. It applies the safe pattern of research/tech.md
§1.13: one Host per process without timer threads, used by one thread at a time (a lock, so a
thread pool may call it); each compiled
ruleset registered once under a versioned name; one fresh session per `decide`, one
`assert_facts` of single-fact patterns, a never-firing sink, `state["exception"]` checked, and
`delete_state` in `finally`; plus a rule that fires in every session, without which deleting a
session crashes the C core (`_Process.run`). How checks become patterns and numbers exact
integers is in `zcf.backends.durable_patterns`.
"""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from durable import engine as durable_engine

from zcf.backends.durable_patterns import ClauseTranslation, translate
from zcf.backends.seam import Value
from zcf.errors import DurableBackendError
from zcf.rulesets.compiler import CompiledClause, CompiledRuleset

#: The engine refuses facts with more properties (error 302, tech.md §1.7); keep a margin.
MAX_FACT_PROPERTIES = 250
_SINK = "zz_sink"
_SINK_FIRED = "zcf:sink"
#: The `clause` of one extra fact per session, whose rule always fires (see `_Process.run`).
_SESSION = "zcf:session"


class _QuietHost(durable_engine.Host):  # type: ignore[misc]  # durable ships no type hints
    """A Host without its two timer threads: they only serve async actions and timers, which
    this backend never uses, and each Host would otherwise start a new thread every 0.2 s
    (tech.md §1.6; 3,000 submissions gave the same results without them)."""

    def _run(self) -> None:
        return None


def ruleset_name(compiled: CompiledRuleset) -> str:
    """The versioned name a compiled ruleset is registered under: `id@version#digest[:12]`."""
    return f"{compiled.model.id}@{compiled.model.version}#{compiled.loaded.digest[:12]}"


@dataclass(frozen=True)
class _Registered:
    name: str
    translations: Mapping[str, ClauseTranslation]


class _Process:
    """The one durable Host of this process, the rulesets on it and the results of its actions."""

    def __init__(self) -> None:
        self.pid = os.getpid()
        self.host = _QuietHost()
        self.rulesets: dict[str, _Registered] = {}
        #: sid -> ids of the clauses whose rule fired in that session
        self.passed: dict[str, set[str]] = {}

    def _action(self, clause_id: str) -> Callable[[Any], None]:
        # durable calls an action with one argument (the closure c) synchronously, inside
        # assert_facts, in this thread (tech.md §1.4); c.s.sid is the session.
        def record(c: Any) -> None:
            self.passed.setdefault(c.s.sid, set()).add(clause_id)

        return record

    def register(self, compiled: CompiledRuleset) -> _Registered:
        name = ruleset_name(compiled)
        if name in self.rulesets:
            return self.rulesets[name]
        translations = {c.clause.id: translate(c.clause.id, c.check)
                        for c in compiled.clauses if c.check is not None}
        rules: dict[str, Any] = {}
        for cid, translation in translations.items():
            if len(translation.fields) + 2 > MAX_FACT_PROPERTIES:
                raise DurableBackendError(
                    f"clause {cid} needs {len(translation.fields)} fact properties; durable_rules "
                    f"takes at most {MAX_FACT_PROPERTIES}",
                    hint="split the check into metrics, or use --backend compiled")
            rules[cid] = {"all": [{"m": translation.pattern}], "run": self._action(cid)}
        # Every fact must match some pattern, or the batch raises half-way and leaves actions
        # pending (tech.md §1.4). This join never completes, so it never fires; it names
        # `clause`, which the engine's own state fact lacks.
        rules[_SINK] = {"all": [{"m": {"$ex": {"clause": 1}}},
                                {"never": {"$ex": {"__never__": 1}}}],
                        "run": self._action(_SINK_FIRED)}
        rules[_SESSION] = {"all": [{"m": {"clause": _SESSION}}], "run": self._action(_SESSION)}
        try:
            self.host.set_rulesets({name: rules})
        except Exception as err:
            raise DurableBackendError(f"durable_rules refused ruleset {name}: {err}") from err
        self.rulesets[name] = registered = _Registered(name, translations)
        return registered

    def run(self, name: str, sid: str, facts: list[dict[str, Any]]) -> set[str]:
        """Assert the facts in one batch as a fresh session; return the clause ids that fired.

        The session fact's rule fires in every session. Without it, `delete_state` of a session
        in which no rule fired frees pointers the C core never set (`deleteStateNode` frees
        `context.messages`, which only running an action initialises): SIGSEGV or "munmap_chunk():
        invalid pointer", measured on the first such session of a process. It also proves that
        the actions ran synchronously.
        """
        failed = True
        try:
            state = self.host.assert_facts(name, [*facts, {"clause": _SESSION, "sid": sid}])
            error = state.get("exception") if isinstance(state, dict) else None
            if error:
                raise DurableBackendError(f"a durable_rules action failed: {error}")
            passed = self.passed.pop(sid, set())
            if _SINK_FIRED in passed or _SESSION not in passed:
                raise DurableBackendError("durable_rules fired the sink rule or not the session "
                                          "rule; its results cannot be trusted")
            failed = False
            return passed - {_SESSION}
        except DurableBackendError:
            raise
        except durable_engine.MessageNotHandledException as err:
            raise DurableBackendError(f"durable_rules: {err.message}") from err
        except Exception as err:
            raise DurableBackendError(f"durable_rules failed in ruleset {name}: {err}") from err
        finally:
            self.passed.pop(sid, None)
            try:
                # A live session costs ~1.3 MB and a ruleset holds at most 1,024 (tech.md §1.7).
                self.host.delete_state(name, sid)
            except Exception as err:
                if not failed:  # else the first error is the one to report
                    raise DurableBackendError(f"durable_rules kept session {sid}: {err}") from err

    def has_session(self, name: str, sid: str) -> bool:
        try:
            self.host.get_state(name, sid)
        except Exception as err:
            if "error code: 309" in str(err):  # sid not found (tech.md §1.5)
                return False
            raise
        return True


_PROCESS: _Process | None = None
#: Held for every call into durable_rules: its C core keeps a process-global handle table with no
#: locking and is not thread-safe (tech.md §1.6), and never releases the GIL, so serialising costs
#: no parallelism. Reentrant so `decide` can hold it across register and run.
_ENGINE = threading.RLock()


def _process() -> _Process:
    """This process's Host: created on first use, and again in a forked child. Callers hold
    `_ENGINE` while they use it, so any thread may evaluate (one at a time inside the engine)."""
    global _PROCESS
    with _ENGINE:
        if _PROCESS is None or _PROCESS.pid != os.getpid():
            _PROCESS = _Process()
        return _PROCESS


def has_session(compiled: CompiledRuleset, sid: str) -> bool:
    """Whether the host still holds session `sid` of `compiled` (it should not after `decide`)."""
    with _ENGINE:
        process = _process()
        return process.has_session(process.register(compiled).name, sid)


class DurableBackend:
    """Decides clause checks with durable_rules (Python < 3.13 only: durable does not build on
    3.13). Each call is one session: facts in, fired rules out, session deleted."""

    name = "durable"

    def __init__(self) -> None:
        #: sessions of this backend whose numbers had to be rounded to fit int64
        self.rounded = 0
        #: the session id of the last decide (already deleted), for diagnostics and tests
        self.last_sid: str | None = None

    def decide(self, compiled: CompiledRuleset, clauses: Sequence[CompiledClause],
               env: Mapping[str, Value]) -> dict[str, bool]:
        """Return clause id -> whether its check holds, for every clause given that has one.

        Thread-safe: calls from a thread pool are serialised on one process-wide lock (the
        engine gives no parallelism in threads anyway; use processes for that).

        Raises:
            DurableBackendError: durable_rules failed, or a clause is not in `compiled`.
        """
        checked = [c for c in clauses if c.check is not None]
        if not checked:
            return {}
        with _ENGINE:
            return self._decide(compiled, checked, env)

    def _decide(self, compiled: CompiledRuleset, checked: Sequence[CompiledClause],
                env: Mapping[str, Value]) -> dict[str, bool]:
        process = _process()
        registered = process.register(compiled)
        sid = uuid.uuid4().hex
        facts: list[dict[str, Any]] = []
        exact = True
        for clause in checked:
            translation = registered.translations.get(clause.clause.id)
            if translation is None:
                raise DurableBackendError(f"clause {clause.clause.id} is not in ruleset "
                                          f"{registered.name}")
            built = translation.build(env, sid)
            facts.append(built.fact)
            exact = exact and built.exact
        self.rounded += not exact
        self.last_sid = sid
        passed = process.run(registered.name, sid, facts)
        return {c.clause.id: c.clause.id in passed for c in checked}


def fire(name: str, rules: Mapping[str, Mapping[str, Any]], facts: Sequence[Mapping[str, Any]]) -> set[tuple[str, str]]:
    """Assert `facts` in one fresh session of the plain ruleset `name` and return the (rule, fact
    `subject`) pairs that fired.

    `rules` maps a rule name to a durable_rules pattern over one fact (single-fact rules only);
    it is registered once per process under `name`, so a changed rule set needs a new name. Every
    fact needs a `subject` string. The same safe pattern as `decide`: never-firing sink, session
    rule, one `assert_facts`, `delete_state` in `finally` (`_Process.run`). Serialised on the
    engine lock like `decide`.
    """
    with _ENGINE:
        return _fire(name, rules, facts)


def _fire(name: str, rules: Mapping[str, Mapping[str, Any]],
          facts: Sequence[Mapping[str, Any]]) -> set[tuple[str, str]]:
    process = _process()
    if name not in process.rulesets:
        def action(rule: str) -> Callable[[Any], None]:
            def record(c: Any) -> None:
                process.passed.setdefault(c.s.sid, set()).add(f"{rule}\x1f{c.m['subject']}")

            return record

        spec: dict[str, Any] = {rule: {"all": [{"m": pattern}], "run": action(rule)} for rule, pattern in rules.items()}
        spec[_SINK] = {"all": [{"m": {"$ex": {"clause": 1}}}, {"never": {"$ex": {"__never__": 1}}}],
                       "run": process._action(_SINK_FIRED)}
        spec[_SESSION] = {"all": [{"m": {"clause": _SESSION}}], "run": process._action(_SESSION)}
        try:
            process.host.set_rulesets({name: spec})
        except Exception as err:
            raise DurableBackendError(f"durable_rules refused ruleset {name}: {err}") from err
        process.rulesets[name] = _Registered(name, {})
    sid = uuid.uuid4().hex
    fired = process.run(name, sid, [{**fact, "clause": "fact", "sid": sid} for fact in facts])
    return {tuple(item.split("\x1f", 1)) for item in fired}  # type: ignore[misc]
