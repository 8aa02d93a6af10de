"""Every setting of the service, in one place, read from BOUCLE_* environment variables."""

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from analyzer import DEFAULT_STAGES, AnalyzerConfig
from analyzer.themes.config import ThemeConfig
from api.priorities.reach import Reach
from api.web_address import webhook_url_problem

Scope = Literal["tag", "ingest", "read", "metrics", "admin"]


# Optional settings whose "" means unset (compose files write "" for what they leave unset).
OPTIONAL_TEXT = (
    "database_url", "database_schema", "qdrant_url", "qdrant_api_key", "webhook_url",
    "webhook_secret", "smtp_host", "smtp_user", "smtp_password", "public_url",
    "theme_alert_webhook_url", "theme_alert_webhook_secret", "secret_key",
)  # fmt: skip
SECRET_KEY_MIN = 32  # characters of BOUCLE_SECRET_KEY: `openssl rand -hex 32` gives 64


def _analyzer_default(name: str):
    return AnalyzerConfig.model_fields[name].default


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="BOUCLE_", extra="ignore")

    data_dir: Path = Field(Path("./data"), description="Where all stored data lives.")
    min_free_mb: int = Field(
        200,
        ge=0,
        description="Free disk space the data directory needs (MB): below it /readyz answers 503 "
        "and `serve` and the worker log a warning, but writes are still accepted (a margin "
        "before the disk is full); 0: never checked.",
    )
    host: str = Field(
        "127.0.0.1", description="Address `serve` binds; beyond loopback it needs API keys."
    )
    port: int = Field(
        8000,
        ge=1,
        le=65535,
        description="Port `serve` listens on (e.g. BOUCLE_PORT=8001 make run).",
    )
    shutdown_grace_s: int = Field(
        10,
        ge=1,
        description="On SIGTERM or Ctrl-C, `serve` waits this long for requests in progress, "
        "then stops them, each answered 503 to send again (a bulk batch stops after its chunk "
        "in progress).",
    )
    api_keys: dict[str, list[Scope]] = Field(
        default_factory=dict,
        description='JSON object of key -> scopes, e.g. {"a-long-random-secret": ["tag", "read"]}. '
        "With no keys the API is open and the server only binds to loopback; keys under 16 "
        "characters are warned about, and refused beyond loopback.",
    )

    # Abuse limits (0 turns the rate limit off).
    rate_limit_per_minute: float = Field(
        3000, ge=0, description="Requests a minute per API key; 0: no limit."
    )
    rate_limit_burst: int = Field(
        300, ge=1, description="Requests a key may send at once before the per-minute rate applies."
    )
    failed_auth_per_minute: float = Field(
        30,
        ge=0,
        description="Requests with a missing or unknown API key a minute per client "
        "address, 10 at once, before 429: slows key guessing.",
    )
    max_body_mb: float = Field(25, gt=0, description="Largest request body accepted.")
    trusted_proxies: list[str] = Field(
        default_factory=list,
        description='Addresses of your reverse proxies, as JSON (["10.0.0.5"]) IP addresses or '
        'networks (["172.18.0.0/16"]): only their X-Forwarded-For names the client (rate limits '
        'per address); none by default. ["*"] believes it from any sender: only when nothing '
        "but the proxy reaches the port.",
    )
    cors_origins: list[str] = Field(
        default_factory=list, description="Origins allowed to call the API from a browser."
    )

    # Storage: SQLite under data_dir and Qdrant Edge under data_dir/qdrant unless URLs are given.
    database_url: str | None = Field(
        None,
        description="e.g. postgresql://user@host:5432/db; a SQLite file under data_dir if unset.",
    )
    database_schema: str | None = Field(
        None, description="PostgreSQL schema to keep Boucle's tables in (created if missing)."
    )
    database_connect_timeout: int = Field(
        10,
        ge=1,
        description="Seconds to wait for PostgreSQL to answer a new connection before saying it "
        "is out of reach (a ?connect_timeout= in BOUCLE_DATABASE_URL wins).",
    )
    qdrant_url: str | None = Field(
        None,
        description="A Qdrant server (http://host:6333) through qdrant-client; ':memory:' or "
        "'local:/path' for qdrant-client's local mode; Qdrant Edge under data_dir if unset.",
    )
    qdrant_api_key: str | None = Field(
        None, description="API key of the Qdrant server in BOUCLE_QDRANT_URL."
    )

    search_word_boost: float = Field(
        0.2,
        ge=0,
        lt=1,
        description="How much a search hit holding the query's words gains: of the closest "
        "100 by meaning, one holding all of them scores 1 - (1 - cosine)(1 - this), half of "
        "them half that raise (words as lemmas, stop words aside); 0: by meaning alone.",
    )
    search_polarity_penalty: float = Field(
        0.25,
        ge=0,
        le=1,
        description="How much lower a search hit scores when its stored sentiment clearly says "
        "the opposite of a query that reads clearly positive or negative (the sentiment head: "
        "|p(positive) - p(negative)| >= 0.5 for both; a query of one or two words, a topic's "
        "name more than an opinion, >= 0.9): such a hit must be this much closer in meaning to "
        "rank above one that agrees or says neither. Similar insights read their seed's stored "
        "sentiment the same way. 0: polarity is not used.",
    )

    # Needs: an actionable insight whose best need scores >= auto is linked; >= review is
    # suggested to a person. Calibrated by scripts/eval_dedup.py (docs/evaluation.md).
    need_auto_threshold: float = Field(
        0.775,
        ge=0,
        le=1,
        description="Cosine at or above which an actionable insight is linked to its best need.",
    )
    need_review_threshold: float = Field(
        0.525,
        ge=0,
        le=1,
        description="Cosine at or above which a need is suggested for a person to decide.",
    )

    # Themes: an insight joins its nearest theme at ingest when at least this close (cosine);
    # the same bound discovery uses for its outliers (analyzer/themes ThemeConfig.min_similarity).
    theme_min_similarity: float = Field(
        ThemeConfig.min_similarity,
        ge=0,
        le=1,
        description="Cosine an insight needs to join its nearest theme at ingest.",
    )
    # A refit clusters at most this many insights (measured in docs/scale-out.md; every evaluation
    # set is smaller, so their fits are unchanged); the others join their nearest theme.
    theme_fit_sample: int = Field(
        50_000,
        ge=100,
        description="Insights a theme refit clusters at most: a seeded sample, stratified by "
        "theme; the other insights then join their nearest theme, as at ingest.",
    )

    # Closing the loop: where notifications go when a need ships or is declined.
    notify_channel: Literal["none", "webhook", "smtp"] = Field(
        "none", description="With 'none', notifications wait in the outbox until one is set."
    )
    webhook_url: str | None = Field(
        None, description="Where the webhook channel POSTs each notification."
    )
    webhook_secret: str | None = Field(
        None,
        description="Signs each body: X-Boucle-Signature-V2 (with X-Boucle-Timestamp) and "
        "X-Boucle-Signature (docs/webhooks.md).",
    )
    secret_key: str | None = Field(
        None,
        description="Seals the secrets of the webhooks registered through the API in the "
        f"database, {SECRET_KEY_MIN} characters at least (`openssl rand -hex 32`); unset: the "
        "key in BOUCLE_DATA_DIR/secret.key, made (0600) when first needed. Not in the backups: "
        "keep it apart, a restore needs it for its webhooks to sign (docs/privacy.md).",
    )
    smtp_host: str | None = Field(None, description="SMTP server of the e-mail channel.")
    smtp_port: int = Field(25, ge=1, le=65535, description="SMTP port, 1 to 65535.")
    smtp_from: str = Field(
        "boucle@localhost", description="Sender address of notification e-mails."
    )
    smtp_user: str | None = Field(None, description="SMTP login, if the server needs one.")
    smtp_password: str | None = Field(None, description="SMTP password.")
    smtp_starttls: bool = Field(False, description="Upgrade the SMTP connection with STARTTLS.")
    smtp_timeout_s: float = Field(
        10.0,
        gt=0,
        le=300,
        description="Seconds the SMTP server has to accept the connection and to answer each "
        "command; a server that times out or refuses the connection backs off like a webhook "
        "(docs/webhooks.md), its e-mails waiting.",
    )
    public_url: str | None = Field(
        None,
        description="The address people reach this server at (https://feedback.example.com): "
        "each notification's unsubscribe link starts with it (unset: http://HOST:PORT, as "
        "`serve --host/--port` serves, which only works for people on this machine), and the `url` and `page` links of theme "
        "alerts are absolute with it (relative without).",
    )
    notify_max_attempts: int = Field(
        8,
        ge=1,
        description="Tries before a notification is marked failed (retry it from the page or API).",
    )
    notify_backoff_s: float = Field(30.0, ge=0, description="First retry delay; doubles each time.")
    # The digest, sent: `boucle digest send` / POST /v1/digest/send write it to the outbox above.
    digest_recipients: list[str] = Field(
        default_factory=list,
        description='Addresses the digest is sent to, as JSON (["pm@acme.com"]), through the '
        "notification outbox and channel, once per period (boucle digest send, POST "
        "/v1/digest/send); none: the digest is only read (GET /v1/digest).",
    )
    notify_claim_s: float = Field(
        120.0,
        gt=0,
        description="A message being sent is held by its worker this long: other "
        "workers skip it, and if the worker dies mid-send it goes out again after this.",
    )
    webhook_timeout_s: float = Field(
        10.0,
        gt=0,
        le=300,
        description="Seconds every webhook (notifications, theme alerts, those registered "
        "through the API) has to answer a POST (to connect: 3 at most); a receiver that times "
        "out or refuses the connection backs off (BOUCLE_NOTIFY_BACKOFF_S, doubling, at most "
        "6 hours), its deliveries waiting.",
    )

    # Themes follow new feedback without a person: a new problem lands in no theme until a refit
    # makes one, so neither GET /v1/themes/emerging nor its alerts could see it.
    theme_refit_interval_s: float = Field(
        21600.0, ge=0, description="Seconds between the worker's checks whether a refit is due "
        "(0: refits only when asked)."
    )  # fmt: skip
    theme_refit_min_new: int = Field(
        20, ge=1, description="Insights in no theme, stored since the last refit, that make the "
        "worker refit."
    )  # fmt: skip
    # Data minimisation: nothing is kept longer than the workspace says (docs/privacy.md).
    retention_days: int = Field(
        0, ge=0, le=36_500, description="Feedback written more than this many days ago is "
        "erased (with its insights, vectors, quotes and need links) by the worker, once an hour, "
        "and so are webhook deliveries sent more than this many days ago; 0: kept forever."
    )  # fmt: skip
    # A warm refit only clusters what no theme explains: a new topic absorbed at ingest by an
    # unrelated theme stays there until a cold one, which an operator may prefer on a schedule.
    theme_auto_refit: Literal["warm", "cold", "off"] = Field(
        "warm", description="The worker's refit when one is due: warm (keeps the themes, clusters "
        "what none explains), cold (starts the themes over, ids kept where a theme continues), or "
        "off (refits only when asked)."
    )  # fmt: skip

    # Emerging-theme alerts: when set, the worker runs the emerging test (GET /v1/themes/emerging)
    # every interval and posts each theme that starts emerging to this webhook, signed and keyed.
    theme_alert_webhook_url: str | None = Field(
        None, description="Where emerging-theme alerts are POSTed; none: no alerts."
    )
    theme_alert_webhook_secret: str | None = Field(
        None,
        description="Signs each alert body (X-Boucle-Signature); BOUCLE_WEBHOOK_SECRET if unset "
        "(the URL needs one of them).",
    )
    theme_alert_interval_s: float = Field(
        3600.0, gt=0, description="Seconds between two runs of the emerging test for alerts."
    )
    # The test's parameters; the defaults are those of GET /v1/themes/emerging.
    theme_alert_window_days: int = Field(
        7, ge=1, le=90, description="Recent days the emerging test compares with the baseline."
    )
    theme_alert_baseline_days: int = Field(
        56, ge=7, le=730, description="Days before the window that make the baseline."
    )
    theme_alert_min_count: int = Field(
        5, ge=1, description="Insights a theme needs in the window to be called emerging."
    )
    theme_alert_alpha: float = Field(
        0.01, gt=0, lt=1, description="Significance level of the emerging test."
    )

    # Prioritisation: what RICE reach counts (api/priorities/reach.py); consumer products whose
    # feedback has no accounts (app-store reviews) count people or feedback items.
    rice_reach: Reach = Field(
        "accounts",
        description="RICE reach: `accounts` (unique accounts, each person behind evidence "
        "linked to no account one more, unit `customers` then; a need with no account at all "
        "counts in people, and says so), `arr` (their ARR in "
        "thousands), `contacts` (people: distinct contacts, each feedback item without a contact "
        "one person) or `feedback` (feedback items).",
    )
    rice_window_days: int = Field(
        90, ge=1, description="Days of evidence RICE and the needs table count."
    )
    # Without it, needs with no effort had no score and ranked by ARR after every scored one.
    rice_default_effort: float = Field(
        1.0,
        gt=0,
        le=1e4,
        description="Person-months RICE assumes for a need whose effort is not set yet (shown "
        "as the default effort), so every need has a score.",
    )
    # Amounts (ARR) are stored as plain numbers: this names their currency where they are shown.
    currency: str = Field(
        "EUR",
        description="ISO 4217 code of account ARR, as the page, the digest and the boucle "
        "commands write amounts (EUR: €310K; USD: $310K).",
    )

    # Periods of trends and VoC series (day, week, month, quarter) start at this zone's midnight;
    # a day or zoneless time in a date filter is read here, everywhere (api/params.workspace_moment).
    timezone: str = Field(
        "UTC",
        description="IANA time zone that trends and VoC periods are bucketed in, that a day or "
        "a time without a zone in a date filter (2026-11-01, 2026-11-01T09:00) is read in, and "
        "that Excel-style exports write times in, "
        "e.g. Europe/Paris: feedback at 23:30 Paris time counts on its own day, not the next.",
    )

    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        "INFO", description="Lowest level of Boucle's own log lines (`serve`, `worker`)."
    )
    metrics_public: bool = Field(
        False,
        description="Serve GET /metrics (Prometheus) to any caller that reaches the port, without "
        "a key: for a scraper on a private network. By default it takes a key with the "
        "`metrics` (or `admin`) scope, as any route does.",
    )
    log_client_ips: bool = Field(
        False,
        description="Write each client's whole IP address in the access log; by default only its "
        "network is written (/24 for IPv4, /48 for IPv6), without the port.",
    )

    # The background worker (a thread of `serve`, or `boucle worker`).
    worker: bool = Field(
        True,
        description="Run the worker thread inside `serve`; off, a `boucle worker` must run "
        "beside it (which needs a Qdrant server), and `serve` warns at start.",
    )
    worker_interval_s: float = Field(
        2.0, gt=0, description="Seconds between two ticks of the worker."
    )
    retry_after_s: float = Field(
        30.0, ge=0, description="Leave a pending item this long to the request that accepted it."
    )
    analysis_backoff_s: float = Field(
        10.0,
        ge=0,
        description="An item whose analysis failed is tried again after this, doubled after "
        "each failure up to `BOUCLE_ANALYSIS_BACKOFF_MAX_S`; after 20 failures it waits for "
        "`boucle feedback retry` (or POST /v1/feedback/retry).",
    )
    analysis_backoff_max_s: float = Field(
        3600.0, ge=0, description="The longest wait between two analyses of a failing item."
    )

    taggers_reload_s: float = Field(
        2.0,
        ge=0,
        description="How often `serve` looks for taggers another process trained or "
        "deleted (`boucle taggers train`, another server worker); 0: never.",
    )

    # Analyzer (defaults and meanings: analyzer/config.py)
    stages: tuple[str, ...] = Field(
        DEFAULT_STAGES,
        description="Analyzer stages in order, as JSON; leave one out to switch it off.",
    )
    embedder: str = Field(
        _analyzer_default("embedder"),
        description="Embedding model: use-multilingual-v3 or all-minilm-l6-v2.",
    )
    threads: int = Field(
        _analyzer_default("threads"),
        ge=1,
        description="CPU threads for the embedder's matrix work.",
    )
    verify_weights: bool = Field(
        _analyzer_default("verify_weights"),
        description="Check the sha256 of the model weights when they load.",
    )
    redact_names: Literal["rules", "ner", "off"] = Field(
        _analyzer_default("redact_names"),
        description="Person names: rules, ner (spaCy NER, slower) or off.",
    )
    message_vector: Literal["pooled", "mean", "whole"] = Field(
        _analyzer_default("message_vector"),
        description="A multi-insight message's vector: pooled, mean or whole.",
    )
    fold_shouting: bool = Field(
        _analyzer_default("fold_shouting"),
        description="Text mostly in capitals is read by the models in sentence case (it is "
        "stored as written); false: read as written.",
    )
    max_insights: int = Field(
        _analyzer_default("max_insights"),
        ge=1,
        description="At most this many insights a message (a pasted log is not split further); "
        "a span repeated word for word in one message is one insight.",
    )
    not_names: tuple[str, ...] = Field(
        _analyzer_default("not_names"),
        description='Company and product names never redacted as a person\'s, as JSON: ["Garmin"].',
    )
    intent_thresholds: dict[str, float] = Field(
        default_factory=dict, description='JSON, e.g. {"bug_report": 0.35}: see AnalyzerConfig.'
    )
    languages: tuple[str, ...] = Field(
        _analyzer_default("languages"),
        description='Languages detection chooses among, as JSON: ["en", "fr"].',
    )
    language_min_confidence: float = Field(
        _analyzer_default("language_min_confidence"),
        ge=0,
        le=1,
        description="Below this detector confidence, function words decide the language.",
    )

    @field_validator(*OPTIONAL_TEXT, mode="before")
    @classmethod
    def blank_is_unset(cls, value: object) -> object:
        """Compose files and env files write "" for a setting left unset: "" (or spaces) means
        unset, not an address or key of no characters."""
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("qdrant_url")
    @classmethod
    def qdrant_url_has_a_scheme(cls, url: str | None) -> str | None:
        if url is None or url == ":memory:" or url.startswith("local:"):
            return url
        if not re.match(r"^https?://[^/\s]", url):
            bare = re.sub(r"^[a-z][a-z0-9+.-]*://", "", url.strip())
            raise ValueError(
                f"{url!r} is no Qdrant server address: write its scheme, e.g. http://{bare} "
                "(or ':memory:', 'local:/path', or leave it unset for Qdrant Edge under "
                "BOUCLE_DATA_DIR)"
            )
        return url

    @field_validator("api_keys")
    @classmethod
    def keys_are_not_blank(cls, keys: dict[str, list[Scope]]) -> dict[str, list[Scope]]:
        if any(not key.strip() for key in keys):
            raise ValueError("an API key is empty: give every key some characters")
        return keys

    @field_validator("trusted_proxies")
    @classmethod
    def proxies_are_addresses(cls, proxies: list[str]) -> list[str]:
        """IP addresses or networks, as uvicorn reads them: a name it cannot read (a host name,
        a typo) was taken for a Unix socket's and matched no proxy, without a word."""
        import ipaddress

        proxies = [proxy.strip() for proxy in proxies]
        if "*" in proxies and len(proxies) > 1:  # uvicorn trusts all only for "*" alone
            raise ValueError('"*" believes any sender: write ["*"] alone, or addresses only')

        def readable(proxy: str) -> bool:
            try:
                ipaddress.ip_network(proxy)  # strict, as uvicorn's: 10.0.0.5/24 has host bits
            except ValueError:
                return proxy == "*"
            return True

        if wrong := [proxy for proxy in proxies if not readable(proxy)]:
            raise ValueError(
                f"not an IP address or network: {', '.join(map(repr, wrong[:5]))}; write a "
                'JSON list such as ["10.0.0.5", "172.18.0.0/16"] (a network\'s address ends in '
                "zeros: 10.0.0.0/24, not 10.0.0.5/24)"
            )
        return proxies

    @field_validator("digest_recipients")
    @classmethod
    def recipients_are_addresses(cls, addresses: list[str]) -> list[str]:
        wrong = [a for a in addresses if not re.fullmatch(r"[^@\s]+@[^@\s]+", a.strip())]
        if wrong:
            raise ValueError(
                f"not an e-mail address: {', '.join(map(repr, wrong[:5]))}; write a JSON list "
                'of addresses such as ["pm@acme.com", "cto@acme.com"]'
            )
        kept: dict[str, str] = {}  # one message per address, whatever its case
        for address in addresses:
            kept.setdefault(address.strip().casefold(), address.strip())
        return list(kept.values())

    @field_validator("public_url")
    @classmethod
    def public_url_is_absolute(cls, url: str | None) -> str | None:
        if url is None or not url.strip():
            return None
        url = url.strip().rstrip("/")
        if not re.fullmatch(r"https?://[^/\s?#]+(/[^\s?#]*)?", url):
            raise ValueError(
                f"{url!r} is no web address: write it as people open it, with http:// or "
                "https:// and the host (https://boucle.acme.com, http://10.0.0.5:8000/boucle)"
            )
        return url

    @field_validator("webhook_url", "theme_alert_webhook_url")
    @classmethod
    def webhook_url_is_absolute(cls, url: str | None) -> str | None:
        """The rule of the webhooks registered through the API (api/web_address.py): a typo
        here left every message failing at the worker, try after try."""
        if url is None:
            return None
        if problem := webhook_url_problem(url.strip()):
            raise ValueError(problem)
        return url.strip()

    @field_validator("secret_key")
    @classmethod
    def secret_key_is_long(cls, key: str | None) -> str | None:
        """A short key is guessed, and with it every webhook's secret from a backup."""
        if key is not None and len(key.strip()) < SECRET_KEY_MIN:
            raise ValueError(f"{len(key.strip())} characters: give {SECRET_KEY_MIN} at least "
                             "(e.g. `openssl rand -hex 32`)")  # fmt: skip
        return key if key is None else key.strip()

    @field_validator("timezone")
    @classmethod
    def timezone_is_known(cls, name: str) -> str:
        from api.timezone import zone

        zone(name)  # ValueError saying what to write
        return name

    @field_validator("currency")
    @classmethod
    def currency_is_a_code(cls, code: str) -> str:
        code = code.strip().upper()  # "eur" is EUR
        if not re.fullmatch(r"[A-Z]{3}", code):
            raise ValueError("write an ISO 4217 currency code of 3 letters: EUR, USD, GBP, CHF")
        return code

    @field_validator("database_url")
    @classmethod
    def database_url_is_supported(cls, url: str | None) -> str | None:
        if not url:
            return None
        if url.startswith("postgres://"):  # what hosting providers print; SQLAlchemy wants this
            url = "postgresql://" + url.removeprefix("postgres://")
        if not url.startswith(("postgresql://", "postgresql+psycopg://", "sqlite:///")):
            raise ValueError(
                "use postgresql://user:password@host:5432/database (or leave it unset for the "
                "SQLite file under BOUCLE_DATA_DIR)"
            )
        from sqlalchemy.engine import make_url  # here: `boucle tag` never loads SQLAlchemy
        from sqlalchemy.exc import ArgumentError

        try:
            parsed = make_url(url)
        except (ValueError, ArgumentError):  # its message quotes the URL's part: not echoed
            raise ValueError(
                "not a database URL (is the port a number?): use "
                "postgresql://user:password@host:5432/database"
            ) from None
        # psycopg checks it only when connecting, with a traceback (a ProgrammingError)
        timeouts = parsed.query.get("connect_timeout", ())
        for timeout in (timeouts,) if isinstance(timeouts, str) else timeouts:
            if not re.fullmatch(r"\s*-?\d+\s*", timeout):
                raise ValueError(
                    "its ?connect_timeout= is not a whole number of seconds: write e.g. "
                    "?connect_timeout=10, or leave it out for BOUCLE_DATABASE_CONNECT_TIMEOUT"
                )
        return url

    @field_validator("database_schema")
    @classmethod
    def schema_is_a_plain_name(cls, schema: str | None) -> str | None:
        if schema and not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", schema):
            raise ValueError(f"{schema!r}: use lower-case letters, digits and _")
        return schema or None

    @model_validator(mode="after")
    def analyzer_settings_hold(self) -> "Settings":
        """Checked now, not when models load: a typo in BOUCLE_INTENT_THRESHOLDS or
        BOUCLE_STAGES failed `boucle tag` with a traceback and left a server refusing every
        request."""
        try:
            self.analyzer_config()
        except ValidationError as error:
            problem = error.errors()[0]
            name = (
                f"BOUCLE_{str(problem['loc'][0]).upper()}"
                if problem["loc"]
                else "an analyzer setting"
            )
            raise ValueError(f"{name}: {problem['msg'].removeprefix('Value error, ')}") from None
        return self

    @model_validator(mode="after")
    def channel_is_complete(self) -> "Settings":
        """A channel without its address would leave every notification waiting, silently."""
        if self.notify_channel == "webhook" and not (self.webhook_url and self.webhook_secret):
            raise ValueError(
                "BOUCLE_NOTIFY_CHANNEL=webhook needs BOUCLE_WEBHOOK_URL and BOUCLE_WEBHOOK_SECRET "
                "(the receiver checks each body's X-Boucle-Signature with it)"
            )
        if self.notify_channel == "smtp" and not self.smtp_host:
            raise ValueError("BOUCLE_NOTIFY_CHANNEL=smtp needs BOUCLE_SMTP_HOST")
        # alerts signed with an empty key could be forged by anyone who knows the address
        if self.theme_alert_webhook_url and not self.alert_secret:
            raise ValueError(
                "BOUCLE_THEME_ALERT_WEBHOOK_URL needs BOUCLE_THEME_ALERT_WEBHOOK_SECRET (or "
                "BOUCLE_WEBHOOK_SECRET) (the receiver checks each alert's X-Boucle-Signature "
                "with it)"
            )
        return self

    def unredacted_warning(self) -> str | None:
        """The line `serve` and `boucle tag` log when BOUCLE_STAGES leaves redaction out."""
        if "redact" in self.stages:
            return None
        return ("BOUCLE_STAGES leaves out 'redact': feedback will be stored and answered without "
                "redaction (e-mails, phone numbers, cards, IBANs, names kept as sent)")  # fmt: skip

    def link_warning(self) -> str | None:
        """The line a server, `boucle worker` and `boucle doctor` say when notifications go out
        with unsubscribe links at this machine's own address, which their readers cannot open."""
        if self.notify_channel == "none" or self.public_url:
            return None
        return (f"BOUCLE_NOTIFY_CHANNEL={self.notify_channel} without BOUCLE_PUBLIC_URL: the "
                f"unsubscribe links of notifications point at {self.link_base}, which people "
                "outside this machine cannot open: set BOUCLE_PUBLIC_URL to the address they "
                "reach this server at (https://feedback.example.com)")  # fmt: skip

    @property
    def link_base(self) -> str:
        """Where links sent to customers (unsubscribe) point: BOUCLE_PUBLIC_URL, else this
        server as `serve` binds it."""
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")

    @property
    def alert_secret(self) -> str | None:
        """The key theme alerts are signed with."""
        return self.theme_alert_webhook_secret or self.webhook_secret

    def analyzer_config(self) -> AnalyzerConfig:
        return AnalyzerConfig(
            stages=self.stages,
            embedder=self.embedder,
            threads=self.threads,
            verify_weights=self.verify_weights,
            redact_names=self.redact_names,
            message_vector=self.message_vector,
            fold_shouting=self.fold_shouting,
            max_insights=self.max_insights,
            not_names=self.not_names,
            languages=self.languages,
            intent_thresholds=self.intent_thresholds,
            language_min_confidence=self.language_min_confidence,
        )


@lru_cache
def get_settings() -> Settings:
    return Settings()
