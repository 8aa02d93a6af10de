"""The FastAPI application: routes of every domain, error handling, model loading."""

import gc
import logging
import threading
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware

from analyzer import Analyzer
from api import docs, errors, health, openapi
from api.access_log import quiet_uvicorn_logs
from api.accounts.routes import router as accounts_router
from api.audit_routes import router as audit_router
from api.body_encoding import PlainBodies
from api.env_names import unknown_variables
from api.failures import failure_logged
from api.feedback.routes import router as feedback_router
from api.headers import EXPOSED_HEADERS, SafeHeaders
from api.jobs import fail_abandoned
from api.json_answer import JSONAnswer
from api.keys.routes import router as keys_router
from api.keys.store import live_digests, live_key_names
from api.limits import BodyLimit, RateLimiter, RateLimitHeaders
from api.loop.routes import router as loop_router
from api.loop.routes import sql_router as loop_sql_router
from api.loop.unsubscribe_routes import router as unsubscribe_router
from api.metrics import routes as metrics
from api.metrics.http import CountRequests
from api.needs.routes import router as needs_router
from api.nul import DropNul
from api.params import known_query
from api.priorities.routes import router as priorities_router
from api.privacy.access_routes import router as access_router
from api.privacy.routes import router as privacy_router
from api.ready import require_database, require_ready
from api.search.cased import read_in_background as read_cased_words
from api.search.routes import router as search_router
from api.search.words import WordTables
from api.search.words import warm_up as warm_up_search_words
from api.security import KeyRing, qdrant_key_in_clear
from api.settings import Settings, get_settings
from api.taggers.routes import router as taggers_router
from api.taggers.service import Taggers
from api.taggers.store import TaggerStore
from api.tagging.routes import router as tagging_router
from api.tagging.service import Tagger
from api.themes.routes import router as themes_router
from api.vectors import VectorStoreUnavailable
from api.vectors.home import claim_vectors, store_home
from api.version import VERSION
from api.voc.routes import router as voc_router
from api.web.routes import router as web_router
from api.webhooks.routes import router as webhooks_router
from api.worker import Worker
from api.workspace import open_database, open_workspace, sql_only
from models.heads import HeadMismatch
from models.integrity import WeightsMismatch

log = logging.getLogger("boucle.app")
# Start failures whose message is ours, or names a file: what to fix, no feedback in it
SAID_WITHOUT_DATA = (VectorStoreUnavailable, WeightsMismatch, HeadMismatch, OSError)


def load_tagger(app: FastAPI, settings: Settings) -> None:
    try:
        open_sql(app, settings)  # first: the reports that only count answer while models load
        tagger = Tagger(Analyzer(settings.analyzer_config()))
        tagger.tag("warm up every stage once")
        # The models' millions of long-lived objects would otherwise be rescanned by every full
        # garbage collection, a pause that lands on some request's latency.
        gc.collect()
        gc.freeze()
        # search's word tables in the background: seconds (14 under load) that /readyz and the
        # first requests waited for; searches rank by meaning alone until they are loaded
        boosted = settings.search_word_boost > 0
        words = WordTables.in_background(load_search_words) if boosted else None
        publish(app, settings, tagger, words)
    except Exception as error:  # readyz and healthz report it; the process stays up to say why
        app.state.load_error = start_failure(error)  # /healthz and /readyz answer it
        # one line, not a thread traceback
        log.error("the service failed to start: %s", app.state.load_error.splitlines()[0][:500])


def load_search_words() -> None:
    """Search's lemma tables, then left out of full collections as the models are (what a
    request holds at that moment is too, once)."""
    warm_up_search_words()
    gc.freeze()


def start_failure(error: Exception) -> str:
    """Why the start failed. Our own words about the stores and models, and a file the system
    refused, say what to fix and quote no feedback; any other message may (a migration's
    database error quotes a row's values): its type and where it was raised instead."""
    if isinstance(error, SAID_WITHOUT_DATA):
        return f"{type(error).__name__}: {error}"
    return failure_logged(error)


def open_sql(app: FastAPI, settings: Settings) -> None:
    """Open the database (migrated) and read its API keys: require_database's routes serve."""
    database = open_database(settings)
    try:  # said in seconds, not after the models load: another process's store holds them
        claim_vectors(database, store_home(settings.data_dir, settings.qdrant_url))
    except Exception:
        database.close()
        raise
    app.state.keys.attach(lambda: live_digests(database), lambda: live_key_names(database))
    app.state.sql_workspace = sql_only(settings, database)


def publish(
    app: FastAPI, settings: Settings, tagger: Tagger, word_tables: WordTables | None = None
) -> None:
    """Make the loaded models, the stores and the custom taggers under the data dir serve;
    `word_tables`: search's, loading in the background (loaded on a first search if None)."""
    app.state.taggers = Taggers(TaggerStore(settings.data_dir / "taggers"), tagger)
    app.state.taggers.log_serving_warnings()
    if settings.taggers_reload_s > 0:
        watch = (settings.taggers_reload_s, app.state.stopping)
        threading.Thread(target=app.state.taggers.watch, args=watch, daemon=True,
                         name="taggers-watch").start()  # fmt: skip
    opened = app.state.sql_workspace
    app.state.workspace = open_workspace(settings, tagger, opened.db if opened else None)
    if word_tables is not None:
        app.state.workspace.word_tables = word_tables
    db = app.state.workspace.db
    read_cased_words(db)  # search's lower-case table, off the first search's path
    app.state.keys.attach(lambda: live_digests(db), lambda: live_key_names(db))
    fail_abandoned(app.state.workspace)
    if settings.worker:
        interval, grace = settings.worker_interval_s, settings.retry_after_s
        app.state.worker = Worker(app.state.workspace, interval, grace).start()
    app.state.tagger = tagger


def settings_warnings(settings: Settings) -> list[str]:
    """What a serving process says once at start about its settings."""
    said = (settings.unredacted_warning(), qdrant_key_in_clear(settings), settings.link_warning())
    return [line for line in said if line]


def create_app(
    settings: Settings | None = None, tagger: Tagger | None = None, warn_at_start: bool = True
) -> FastAPI:
    """The app; with no `tagger`, models load in the background and /readyz says when done.
    `warn_at_start=False`: the processes of `serve --workers N`, whose parent said them once."""
    # `boucle serve` refuses them; an app served another way (`uvicorn --factory
    # api.app:create_app`, gunicorn) names each one, before the settings a typo may break
    for line in unknown_variables() if warn_at_start else ():
        log.warning(line)
    settings = settings or get_settings()
    quiet_uvicorn_logs(settings.log_client_ips)
    for line in settings_warnings(settings) if warn_at_start else ():
        log.warning(line)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if app.state.tagger is None:
            threading.Thread(target=load_tagger, args=(app, settings), daemon=True).start()
        yield
        app.state.stopping.set()
        if app.state.worker is not None:
            app.state.worker.stop()
        if app.state.workspace is not None:
            app.state.workspace.close()
        elif app.state.sql_workspace is not None:  # the models never came
            app.state.sql_workspace.close()

    app = FastAPI(
        title="Boucle",
        version=VERSION,  # pyproject.toml's, as `boucle --version` says it
        summary="Feedback intelligence: tag, organise, measure, prioritise, close the loop.",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
        generate_unique_id_function=openapi.operation_id,
        default_response_class=JSONAnswer,
    )
    app.state.settings = settings
    app.state.keys = KeyRing(settings.api_keys)
    app.state.limiter = RateLimiter(settings.rate_limit_per_minute, settings.rate_limit_burst)
    app.state.failed_auth = RateLimiter(settings.failed_auth_per_minute, burst=10)
    app.add_middleware(errors.AnswerBugs)  # innermost: a route's bug is answered and logged once
    app.add_middleware(DropNul)  # inside the body limit
    app.add_middleware(PlainBodies)  # 415 for a gzip body, before the JSON parser sees it
    app.add_middleware(BodyLimit, max_bytes=int(settings.max_body_mb * 1_000_000))
    app.add_middleware(SafeHeaders)  # around the body limit: its 413s carry them too
    app.add_middleware(RateLimitHeaders)
    # big answers (the theme tree: 538 KB at 190,000 insights, exports) travel compressed to
    # clients that accept it; a single ticket's answer is left as it is
    app.add_middleware(GZipMiddleware, minimum_size=4096)
    if settings.cors_origins:  # closed unless origins are named
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins,
                           allow_methods=["*"], allow_headers=["*"],
                           expose_headers=list(EXPOSED_HEADERS))  # fmt: skip
    app.add_middleware(CountRequests)  # outermost: every answer counts, a 413 or 429 too
    app.state.tagger = None
    app.state.workspace = None
    app.state.sql_workspace = None
    app.state.worker = None
    app.state.load_error = None
    app.state.stopping = threading.Event()  # set at shutdown: background threads end
    if tagger is not None:
        publish(app, settings, tagger)
    errors.install(app)
    docs.install(app)
    openapi.install(app)
    app.include_router(health.router)
    metrics.install(app)  # GET /metrics: its own access rule (BOUCLE_METRICS_PUBLIC)
    app.include_router(web_router)  # the page loads while models load: not behind require_ready
    app.include_router(keys_router, dependencies=[Depends(known_query)])  # nor what a key may do
    # search before feedback: GET /v1/feedback/similar is not GET /v1/feedback/{id}
    routers = (
        tagging_router, taggers_router, search_router, feedback_router, accounts_router,
        needs_router, themes_router, loop_router, priorities_router,
        privacy_router,
    )  # fmt: skip
    for router in routers:
        app.include_router(router, dependencies=[Depends(require_ready), Depends(known_query)])
    # VoC reads count stored answers: they serve while the models load (its writes wait for them)
    app.include_router(voc_router, dependencies=[Depends(require_database), Depends(known_query)])
    # SQL alone: they answer while the models load
    for router in (audit_router, access_router, unsubscribe_router, webhooks_router,
                   loop_sql_router):  # fmt: skip
        app.include_router(router, dependencies=[Depends(require_database), Depends(known_query)])
    return app


_served: FastAPI | None = None


def __getattr__(name: str) -> FastAPI:
    """`api.app:app` for `uvicorn api.app:app` and gunicorn: the app `boucle serve --workers`
    builds, made at the first look rather than at import (tests import this module)."""
    global _served
    if name != "app":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    if _served is None:
        from api.cli import served_app

        _served = served_app()
    return _served
