"""Keys made with `boucle keys` (hashed in the database), revocation, scopes on the new routes,
rate limits with Retry-After, body size limits, CORS closed by default."""

import json

from fastapi.testclient import TestClient

from api.app import create_app
from api.keys.store import create_key, revoke_key
from api.security import SCOPES
from api.storage.key_tables import ApiKey
from api.storage.tables import Contact


def test_cli_keys_lifecycle(store_settings, share_with_cli, boucle) -> None:
    share_with_cli(store_settings)
    made = boucle("keys", "create", "analyst", "--scopes", "read,tag")
    assert made.returncode == 0, made.stderr
    key = made.stdout.strip()
    assert key.startswith("bk_") and "shown once" in made.stderr
    listed = boucle("keys", "list").stdout
    assert '"name": "analyst"' in listed and key not in listed  # only a prefix is shown
    assert boucle("keys", "create", "analyst", "--scopes", "read").returncode == 2
    assert "scopes must be" in boucle("keys", "create", "x", "--scopes", "root").stderr
    assert boucle("keys", "revoke", "analyst").returncode == 0
    assert boucle("keys", "revoke", "nobody").returncode == 2
    # the name is free again; the revoked key stays listed under "analyst#<id>"
    again = boucle("keys", "create", "analyst", "--scopes", "read")
    assert again.returncode == 0, again.stderr
    names = [json.loads(line)["name"] for line in boucle("keys", "list").stdout.splitlines()]
    assert "analyst" in names and any(n.startswith("analyst#") for n in names), names
    # made and revoked keys are in the audit trail (`boucle audit`, backups), without the key
    trail = boucle("audit", "--action", "key.create", "--action", "key.revoke").stdout
    events = [json.loads(line) for line in reversed(trail.splitlines())]  # oldest first
    assert [(e["actor"], e["action"], e["detail"]) for e in events] == [
        ("cli", "key.create", {"name": "analyst", "scopes": ["read", "tag"]}),
        ("cli", "key.revoke", {"name": "analyst", "scopes": ["read", "tag"]}),
        ("cli", "key.create", {"name": "analyst", "scopes": ["read"]}),
    ]
    assert events[0]["entity_id"] == events[1]["entity_id"] != events[2]["entity_id"]
    assert key not in trail and again.stdout.strip() not in trail and "bk_" not in trail


def test_stored_keys_close_the_api_and_revocation_applies(store_settings, tagger) -> None:
    with TestClient(create_app(store_settings, tagger)) as client:
        ws = client.app.state.workspace
        assert client.get("/v1/needs").status_code == 200  # no key yet: open (loopback)
        reader = create_key(ws.db, "reader", ["read"])
        with ws.db.session() as session:
            stored = session.query(ApiKey).one()
            assert stored.digest != reader and reader not in str(stored.__dict__)
        client.app.state.keys.attach(client.app.state.keys._load)  # re-read now, not in 5 s
        assert client.get("/v1/needs").status_code == 401
        auth = {"Authorization": f"Bearer {reader}"}
        assert client.get("/v1/needs", headers=auth).status_code == 200
        denied = client.post("/v1/needs", json={"title": "x"}, headers=auth)
        assert denied.status_code == 403 and "admin" in denied.json()["message"]
        assert client.post("/v1/feedback", headers=auth, json={"items": [
            {"source": "s", "external_id": "1", "text": "hi"}]}).status_code == 403  # fmt: skip
        revoke_key(ws.db, "reader")
        client.app.state.keys.attach(client.app.state.keys._load)
        revoked = client.get("/v1/needs", headers=auth)
        assert revoked.status_code == 401 and "was revoked" in revoked.json()["message"]
        typo = client.get("/v1/needs", headers={"Authorization": "Bearer nope"})
        assert typo.json()["message"].startswith("unknown API key")
        assert typo.headers["WWW-Authenticate"] == "Bearer"


def test_rate_limit_answers_429_with_retry_after(settings, tagger) -> None:
    # one token in 10 s: no refill between these requests, even on a loaded machine
    settings = settings.model_copy(update={"rate_limit_per_minute": 6, "rate_limit_burst": 3,
                                           "api_keys": {"k1": ["read"], "k2": ["read"]}})  # fmt: skip
    with TestClient(create_app(settings, tagger)) as client:
        one, two = {"X-API-Key": "k1"}, {"X-API-Key": "k2"}
        codes = [client.get("/v1/needs", headers=one).status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        limited = client.get("/v1/needs", headers=one)
        assert (
            int(limited.headers["Retry-After"]) >= 1 and "rate limit" in limited.json()["message"]
        )
        assert client.get("/v1/needs", headers=two).status_code == 200  # per key


def test_answers_tell_what_is_left_of_the_rate_limit(settings, tagger) -> None:
    """Only Retry-After on a 429 told a client about the limit: too late to slow down."""
    settings = settings.model_copy(update={"rate_limit_per_minute": 6, "rate_limit_burst": 3,
                                           "api_keys": {"k1": ["read"]}})  # fmt: skip
    with TestClient(create_app(settings, tagger)) as client:
        answers = [client.get("/v1/needs", headers={"X-API-Key": "k1"}) for _ in range(4)]
        told = [(r.status_code, r.headers.get("X-RateLimit-Limit"),
                 r.headers.get("X-RateLimit-Remaining")) for r in answers]  # fmt: skip
        assert told == [(200, "3", "2"), (200, "3", "1"), (200, "3", "0"), (429, "3", "0")]
        # all 3 back at one every 10 s: 30 s at most, a bit less as time passed
        assert 20 <= int(answers[2].headers["X-RateLimit-Reset"]) <= 30
        assert int(answers[3].headers["Retry-After"]) <= 10
        assert "X-RateLimit-Limit" not in client.get("/healthz").headers  # under no limit
    open_api = settings.model_copy(update={"api_keys": {}})
    with TestClient(create_app(open_api, tagger)) as client:  # per address when open
        assert client.get("/v1/needs").headers["X-RateLimit-Remaining"] == "2"


def test_a_key_can_ask_what_it_may_do(settings, tagger) -> None:
    keys = {"reader": ["read"], "boss": ["admin"], "bot": ["tag", "ingest"]}
    with TestClient(create_app(settings, tagger)) as client:
        assert client.get("/v1/key").json() == {"open": True, "scopes": list(SCOPES)}
    settings = settings.model_copy(update={"api_keys": keys})
    with TestClient(create_app(settings, tagger)) as client:
        ask = lambda key: client.get("/v1/key", headers={"X-API-Key": key})  # noqa: E731
        assert ask("reader").json() == {"open": False, "scopes": ["read"]}
        assert ask("bot").json()["scopes"] == ["tag", "ingest"]
        assert ask("boss").json()["scopes"] == list(SCOPES)
        assert ask("nobody").status_code == 401


def test_guessing_keys_is_slowed_per_address(settings, tagger) -> None:
    settings = settings.model_copy(update={"failed_auth_per_minute": 6,
                                           "api_keys": {"right": ["read"]}})  # fmt: skip
    with TestClient(create_app(settings, tagger)) as client:
        guesses = [client.get("/v1/needs", headers={"X-API-Key": f"guess-{i}"}) for i in range(11)]
        assert [r.status_code for r in guesses] == [401] * 10 + [429]
        assert "without a valid API key" in guesses[-1].json()["message"]
        assert int(guesses[-1].headers["Retry-After"]) >= 1
        assert client.get("/v1/needs").status_code == 429  # a missing key counts too
        # the holder of a real key is not locked out by someone guessing
        assert client.get("/v1/needs", headers={"X-API-Key": "right"}).status_code == 200


def test_body_limit_and_closed_cors(settings, tagger) -> None:
    settings = settings.model_copy(update={"max_body_mb": 0.01})
    with TestClient(create_app(settings, tagger)) as client:
        big = client.post("/v1/tag", json={"text": "x" * 20_000})
        assert big.status_code == 413 and "over 0.01 MB" in big.json()["message"]
        assert client.post("/v1/tag", json={"text": "fine"}).status_code == 200
        preflight = client.options("/v1/tag", headers={"Origin": "https://evil.example",
                                                        "Access-Control-Request-Method": "POST"})  # fmt: skip
        assert "access-control-allow-origin" not in preflight.headers


def test_an_allowed_origin_reads_retry_after_and_file_names(settings, tagger) -> None:
    settings = settings.model_copy(update={"cors_origins": ["https://app.example"]})
    with TestClient(create_app(settings, tagger)) as client:
        answer = client.get("/healthz", headers={"Origin": "https://app.example"})
    assert answer.headers["access-control-allow-origin"] == "https://app.example"
    exposed = {
        h.strip().lower() for h in answer.headers["access-control-expose-headers"].split(",")
    }
    assert {"retry-after", "content-disposition"} <= exposed


def test_every_answer_says_nosniff(settings, tagger) -> None:
    """Only the web page said it: a JSON answer or the docs page could be sniffed as HTML."""
    with TestClient(create_app(settings, tagger)) as client:
        for answer in (client.get("/docs"), client.get("/v1/needs"), client.get("/nowhere"),
                       client.get("/app")):  # fmt: skip
            assert answer.headers["x-content-type-options"] == "nosniff", answer.url
            assert answer.headers["referrer-policy"] == "no-referrer"
        page = client.get("/app")
        assert "script-src 'self'" in page.headers["content-security-policy"]
        assert page.headers.get_list("x-content-type-options") == ["nosniff"]  # not twice


def test_no_other_site_frames_a_page_of_ours(store_client) -> None:
    """Only /app said frame-ancestors: a site could frame the unsubscribe page's button, or the
    docs, under a decoy of its own (clickjacking)."""
    client = store_client
    client.put("/v1/contacts/c-1", json={"email": "ann@northwind.com"})
    with client.app.state.workspace.db.session() as session:
        token = session.get(Contact, "c-1").unsubscribe_token
    answers = {path: client.get(path) for path in (f"/v1/unsubscribe/{token}", "/docs", "/app",
                                                   "/v1/needs", "/healthz", "/nowhere")}  # fmt: skip
    assert answers[f"/v1/unsubscribe/{token}"].text.count("<form") == 1
    for path, answer in answers.items():
        assert answer.headers.get_list("x-frame-options") == ["DENY"], path
        [policy] = answer.headers.get_list("content-security-policy")
        assert "frame-ancestors 'none'" in policy, path
    assert "script-src 'self'" in answers["/app"].headers["content-security-policy"]
    for path in (f"/v1/unsubscribe/{token}", "/v1/needs"):  # data: nothing runs, the form posts
        policy = answers[path].headers["content-security-policy"]
        assert "default-src 'none'" in policy and "form-action 'self'" in policy


def test_an_open_api_answers_only_on_loopback_however_it_is_served(settings, tagger) -> None:
    """`serve` refuses to bind beyond loopback with no keys; `uvicorn api.app:app --host 0.0.0.0`
    never asked, so the data routes answered anyone who could reach the machine."""
    app = create_app(settings, tagger)
    with TestClient(app, base_url="http://192.0.2.10") as client:
        refused = client.get("/v1/needs")
        assert refused.status_code == 403
        assert "BOUCLE_API_KEYS" in refused.json()["message"]
        assert client.get("/healthz").status_code == 200  # liveness stays open
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:
        assert client.get("/v1/needs").status_code == 200


def test_answers_with_customer_data_are_never_cached(settings, tagger) -> None:
    """A DPO found contacts and exports cacheable: a shared proxy or the browser could keep an
    erased customer's words. Every /v1 answer says no-store; the page's files stay cacheable."""
    with TestClient(create_app(settings, tagger)) as client:
        for answer in (client.get("/v1/needs"), client.get("/v1/contacts/nobody"),
                       client.get("/v1/feedback?format=csv")):  # fmt: skip
            assert answer.headers.get_list("cache-control") == ["no-store"], answer.url
        assert "no-store" not in client.get("/app").headers.get("cache-control", "")


def test_the_audit_trail_names_the_key_that_made_a_change(store_settings, tagger) -> None:
    """Every change was audited as "api", whoever made it."""
    settings = store_settings.model_copy(update={"api_keys": {"env-secret": ["admin"]}})
    with TestClient(create_app(settings, tagger)) as client:
        ws = client.app.state.workspace
        anna = create_key(ws.db, "pm-anna", ["admin"])
        ring = client.app.state.keys
        ring.attach(ring._load, ring._load_names)  # re-read now, not in 5 s
        need = client.post("/v1/needs", json={"title": "Dark mode"},
                           headers={"Authorization": f"Bearer {anna}"}).json()  # fmt: skip
        client.patch(f"/v1/needs/{need['id']}", json={"status": "planned"},
                     headers={"X-API-Key": "env-secret"})  # fmt: skip
        trail = client.get(f"/v1/needs/{need['id']}/audit", headers={"X-API-Key": anna}).json()
        actors = [event["actor"] for event in trail["items"]]
        assert actors[0] == "pm-anna"
        assert actors[1].startswith("key ") and "env-secret" not in actors[1]


def test_the_key_is_checked_before_the_body_size(settings, tagger) -> None:
    """A request without a key and a 19 MB body got 413, not 401, and a 413 read from the
    Content-Length said only `message` where one counted as the body streamed said `detail` too."""
    settings = settings.model_copy(update={"max_body_mb": 0.01,
                                           "api_keys": {"tagger-key-0123456789": ["tag"],
                                                        "reader-key-0123456789": ["read"]}})  # fmt: skip
    big = json.dumps({"text": "x" * 20_000}).encode()

    def sent(headers: dict, streamed: bool):
        body = iter([big[:5_000], big[5_000:]]) if streamed else big  # chunked: no length
        headers = {"Content-Type": "application/json", **headers}
        return client.post("/v1/tag", content=body, headers=headers)

    with TestClient(create_app(settings, tagger)) as client:
        for streamed in (False, True):
            assert sent({}, streamed).status_code == 401
            assert sent({"X-API-Key": "a-guess-0123456789"}, streamed).status_code == 401
            assert sent({"X-API-Key": "reader-key-0123456789"}, streamed).status_code == 403
            too_large = sent({"X-API-Key": "tagger-key-0123456789"}, streamed)
            message = "request body over 0.01 MB: send fewer items per request"
            assert too_large.status_code == 413, streamed
            assert too_large.json() == {"message": message, "detail": message}


def test_another_authorization_scheme_is_named(settings, tagger) -> None:
    """Basic credentials were answered "missing API key", as if no header had been sent."""
    settings = settings.model_copy(update={"api_keys": {"right-key-of-16-chars": ["read"]}})
    with TestClient(create_app(settings, tagger)) as client:
        basic = client.get("/v1/needs", headers={"Authorization": "Basic dXNlcjpwYXNz"})
        assert basic.status_code == 401
        assert basic.json()["message"] == (
            "unsupported authorization scheme Basic: send the API key as 'X-API-Key: <key>' or "
            "'Authorization: Bearer <key>'"
        )
        assert "missing API key" in client.get("/v1/needs").json()["message"]


# What a browser script reads without being told (CORS-safelisted), and what it has no use for.
READABLE_OR_UNNEEDED = {
    *("cache-control", "content-language", "content-length", "content-type", "expires"),
    *("last-modified", "pragma", "date", "server", "vary", "content-encoding"),
    *("x-content-type-options", "referrer-policy", "access-control-allow-origin"),
    *("x-frame-options", "content-security-policy"),
    *("access-control-expose-headers", "access-control-allow-credentials"),
}


def test_an_allowed_origin_reads_every_header_of_ours(settings, tagger) -> None:
    """X-Next-Offset (a search file's next page) was hidden from a page on another origin."""
    key = {"X-API-Key": "an-admin-key-of-16-chars"}
    settings = settings.model_copy(update={"cors_origins": ["https://app.example"],
                                           "api_keys": {key["X-API-Key"]: ["admin"]}})  # fmt: skip
    origin = {"Origin": "https://app.example"}
    items = [{"source": "web", "external_id": f"w-{n}", "text": f"The export fails {n}"}
             for n in range(2)]  # fmt: skip
    with TestClient(create_app(settings, tagger)) as client:
        assert client.post("/v1/feedback", json={"items": items}, headers=key).status_code == 200
        answers = [
            client.post(
                "/v1/search?format=csv",
                json={"query": "export", "limit": 1},
                headers={**origin, **key},
            ),  # fmt: skip
            client.get("/v1/audit?format=csv", headers={**origin, **key}),
            client.get("/v1/needs", headers=origin),  # 401: WWW-Authenticate
            # a source nothing has: the file says so in X-Boucle-Warning
            client.get("/v1/feedback/export?source=zendsk", headers={**origin, **key}),
        ]
    assert [answer.status_code for answer in answers] == [200, 200, 401, 200]
    assert answers[0].headers["X-Next-Offset"] == "1" and "X-Next-Cursor" in answers[1].headers
    assert "X-Boucle-Warning" in answers[3].headers
    for answer in answers:
        exposed = {
            h.strip().lower() for h in answer.headers["access-control-expose-headers"].split(",")
        }
        assert set(answer.headers) - READABLE_OR_UNNEEDED <= exposed, answer.url


def test_an_open_api_answers_no_other_site(settings, tagger) -> None:
    """With no keys, any page the user visited reached 127.0.0.1: a form posted to an admin
    route that takes no body (refit the themes, send the digest) ran it, and a name of the
    page's own pointed at 127.0.0.1 (DNS rebinding) read every answer."""
    settings = settings.model_copy(update={"cors_origins": ["https://app.example"]})
    with TestClient(create_app(settings, tagger), base_url="http://127.0.0.1:8000") as client:
        rebound = client.get("/v1/needs", headers={"Host": "attacker.example:8000"})
        assert rebound.status_code == 403
        assert "addressed to localhost or 127.0.0.1 only" in rebound.json()["message"]
        posted = client.post("/v1/themes/refit", headers={"Origin": "https://attacker.example"},
                             data={"x": "1"})  # fmt: skip
        assert posted.status_code == 403
        assert "https://attacker.example" in posted.json()["message"]
        assert client.post("/v1/needs", headers={"Origin": "null"}, json={}).status_code == 403
        # this machine's own clients: the page at /app, curl, a site named in BOUCLE_CORS_ORIGINS
        for headers in ({"Host": "localhost:8000"}, {"Host": "[::1]:8000"},
                        {"Origin": "http://127.0.0.1:8000"}, {"Origin": "http://localhost:3000"},
                        {"Origin": "https://app.example"}):  # fmt: skip
            assert client.get("/v1/needs", headers=headers).status_code == 200, headers
        assert client.get("/healthz", headers={"Host": "attacker.example"}).status_code == 200


def suggested_command(message: str) -> list[str]:
    """The `boucle ...` command a refusal says to run, as argv (NAME given a name)."""
    command = message.split("`")[1]
    assert command.startswith("boucle "), message
    return command.replace("NAME", "bridge").split()[1:]


def test_a_missing_scope_says_how_to_get_a_key_with_it(settings, tagger) -> None:
    """A 403 said "this API key lacks the 'admin' scope" and nothing of what to do, though
    every error answer says it."""
    from api.cli import build_parser
    from api.keys.cli import create_command

    keys = {"reader-key-0123456789": ["read"], "ingest-key-0123456789": ["ingest"]}
    settings = settings.model_copy(update={"api_keys": keys})
    with TestClient(create_app(settings, tagger)) as client:
        retry = client.post("/v1/feedback/retry", json={"all_failed": True},
                            headers={"X-API-Key": "reader-key-0123456789"})  # fmt: skip
        edit = client.put("/v1/feedback/1", json={"text": "The export crashes."},
                          headers={"X-API-Key": "ingest-key-0123456789"})  # fmt: skip
    assert (retry.status_code, edit.status_code) == (403, 403)
    assert retry.json()["message"] == (
        "this API key lacks the 'admin' scope: send a key that has it, or create one (`boucle "
        "keys create NAME --scopes admin`; a key of BOUCLE_API_KEYS: add admin to its scopes "
        "there)"
    )
    assert edit.json()["message"].startswith(
        "this API key lacks the 'read' scope: this route needs 'ingest' and 'read' (or 'admin')"
    )
    for refusal, scopes in ((retry, "admin"), (edit, "ingest,read")):
        args = build_parser().parse_args(suggested_command(refusal.json()["message"]))
        assert (args.run, args.name, args.scopes) == (create_command, "bridge", scopes)


def test_a_gzip_body_is_refused_saying_to_send_it_plain(
    settings, tagger, empty_vector_store
) -> None:
    """A body sent with `Content-Encoding: gzip` was answered "the body is not UTF-8 JSON"."""
    import gzip

    from tests.conftest import with_empty_vectors

    keys = {"ingest-key-0123456789": ["ingest", "read"], "tagger-key-0123456789": ["tag"]}
    settings = with_empty_vectors(
        settings.model_copy(update={"api_keys": keys}), empty_vector_store
    )
    item = {"source": "desk", "external_id": "t-1", "text": "The export crashes."}
    zipped = gzip.compress(json.dumps({"items": [item]}).encode())
    sent = {"Content-Type": "application/json", "Content-Encoding": "gzip"}
    ingest = {"X-API-Key": "ingest-key-0123456789"}
    with TestClient(create_app(settings, tagger)) as client:
        assert client.post("/v1/feedback", content=zipped, headers=sent).status_code == 401
        wrong_scope = {**sent, "X-API-Key": "tagger-key-0123456789"}
        assert client.post("/v1/feedback", content=zipped, headers=wrong_scope).status_code == 403
        refused = client.post("/v1/feedback", content=zipped, headers={**sent, **ingest})
        listed = client.get("/v1/feedback", headers={**ingest, "Content-Encoding": "gzip"})
        plain = client.post("/v1/feedback", json={"items": [item]}, headers=ingest)
    message = (
        "the body is sent with Content-Encoding: gzip, which this API does not take: send it "
        "uncompressed, as plain UTF-8 JSON, without that header (answers are compressed for a "
        "client that sends Accept-Encoding: gzip)"
    )
    assert refused.status_code == 415
    assert refused.json() == {"message": message, "detail": message}
    assert listed.status_code == 200 and listed.json()["items"] == []  # nothing stored
    assert plain.status_code == 200 and plain.json()["items"][0]["status"] == "created"
