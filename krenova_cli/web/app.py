"""The judges' portal as an ASGI application (Starlette): routes, one private-URL mechanism for every
view, pages rendered from `templates/web/`.

Pages are rendered in the event loop's thread from the competition the server holds; a save is checked
there, then recorded in a worker thread with the saves that arrived meanwhile (a group commit: one hold
of the folder's lock, one write, one ledger record each), while pages keep being served from the
competition as it stood before. The lock is the command line's, so both keep working side by side.
A save's messages are worded in its own language in the event loop; pages take their words from the
catalog of their own language. The folder is read and changed only through `usecases/portal.py`.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import ipaddress
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs

from krenova_cli.web.security import BODY_TIMEOUT, Csrf, Guard, RateLimit

LANGS = ("id", "en")
FIELD_MAX = 64   # characters of a criterion's field (the form lets 20 be typed)
NOTE_MAX = 300   # characters of a correction's reason: the ledger's rule of free text (`schema.Said`)
UPLOAD_LIMIT = 10 * 2**20  # a score file on the secretariat's page (SPEC 8.1: spreadsheets under 10 MB are bounded)
NOT_FOUND_TEXT = "not found"


@dataclass
class Settings:
    root: Path
    admin_token: str | None = None     # /admin/TOKEN; None: no admin link
    loopback_admin: bool = True        # /admin without a token from this machine (never through a proxy)
    rate_limit: RateLimit = field(default_factory=RateLimit)
    csrf: Csrf = field(default_factory=Csrf)
    body_timeout: float = BODY_TIMEOUT  # seconds for a request's body (a slower one: 408)


def create_app(settings: Settings):
    from starlette.applications import Starlette
    from starlette.responses import HTMLResponse, RedirectResponse, Response
    from starlette.routing import Route

    from krenova_cli.usecases import portal as uc
    from krenova_cli.web import pages

    portal = uc.Portal(settings.root)
    save_lock = asyncio.Lock()
    # (the link's token hash, round, entry) -> the fields as typed: a draft belongs to the link it was typed
    # through, so what the holder of a replaced (leaked) link typed is never offered on the judge's new link
    drafts: dict[tuple[str, int, str], dict[str, str]] = {}

    def link_of(request) -> str:
        from krenova_cli.store.link_register import token_hash

        return token_hash(request.path_params["token"])

    waiting: list[tuple[uc.Job, asyncio.Future]] = []

    async def record(job, turn=lambda: None):
        """Group commit: saves that arrive while a group is being written wait for it, and the first of
        them to get the lock records all that wait, in one write (one ledger record each). Under the lock,
        each save's `turn()` may still refuse it (its answer then stands for the save); a second save of
        one judge's entry in a group waits for the next group, so that it is checked against the first."""
        from anyio import to_thread

        done = asyncio.get_running_loop().create_future()
        waiting.append((job, turn, done))
        while not done.done():
            async with save_lock:  # one group at a time, in a worker thread: pages are served meanwhile
                if done.done():
                    break
                group, later, keys = [], [], set()
                for item in waiting:
                    key = (item[0].judge_id, item[0].round_no, item[0].entry_id)
                    (later if key in keys else group).append(item)
                    keys.add(key)
                waiting[:] = later
                chosen = []
                for j, check, future in group:
                    refused = check()
                    if refused is not None:
                        future.set_result(refused)
                    else:
                        chosen.append((j, future))
                if chosen:
                    results = await to_thread.run_sync(portal.record_many, [j for j, _ in chosen])
                    for (_j, future), result in zip(chosen, results):
                        future.set_result(result)
        return done.result()

    def language(request, form: dict | None = None) -> str:
        lang = (form or {}).get("lang") or request.query_params.get("lang") or "id"
        return lang if lang in LANGS else "id"

    def address(request) -> str:
        return request.client.host if request.client else "?"

    def not_found(request, lang: str) -> HTMLResponse:
        return HTMLResponse(pages.render("message.html", lang, title=pages.words(lang)["not_found"],
                                         text=pages.words(lang)["not_found_text"]), status_code=404)

    def too_many(lang: str) -> HTMLResponse:
        return HTMLResponse(pages.render("message.html", lang, title=pages.words(lang)["too_many"],
                                         text=pages.words(lang)["too_many_text"]), status_code=429, headers={"retry-after": "60"})

    def judge_of(request, lang: str):
        """(judge id, None) for a valid private token, else (None, the answer): a wrong, revoked or expired
        token gets the answer of any unknown address, and counts against the address's limit."""
        where = address(request)
        if settings.rate_limit.blocked(where):
            return None, too_many(lang)
        token = request.path_params["token"]
        judge = portal.judge_for(token) if len(token) <= 64 else None
        if judge is None:
            settings.rate_limit.miss(where)
            return None, not_found(request, lang)
        return judge, None

    def judge_page(request):
        lang = language(request)
        judge, answer = judge_of(request, lang)
        if answer:
            return answer
        view = uc.judge_round(portal.loaded(), judge)
        drafted = {i.entry.id for i in view.items if (link_of(request), view.round_no, i.entry.id) in drafts}
        return HTMLResponse(pages.render("judge.html", lang, view=view, drafted=drafted, comp=portal.loaded().state.competition,
                                         token=request.path_params["token"]))

    def entry_page(request, status: int = 200, outcome=None, typed: dict | None = None, lang: str | None = None,
                   note: str = ""):
        lang = lang or language(request)
        judge, answer = judge_of(request, lang)
        if answer:
            return answer
        token, entry_id = request.path_params["token"], request.path_params["entry"]
        view = uc.judge_round(portal.loaded(), judge)
        item = view.item(entry_id)
        if item is None:
            return not_found(request, lang)
        draft = drafts.get((link_of(request), view.round_no, entry_id))
        if typed is None:
            typed = draft if draft is not None else ({c: uc.number_text(v) for c, v in item.values.items()} if item.values else {})
        ids = [i.entry.id for i in view.items]
        at = ids.index(entry_id)
        return HTMLResponse(pages.render(
            "entry.html", lang, view=view, item=item, typed=typed, outcome=outcome, note=note,
            files=uc.attachments(portal, portal.loaded(), judge, entry_id),
            draft=draft is not None, csrf=settings.csrf.token(token), token=token, seen=_seen(item.values),
            saved=request.query_params.get("saved"), comp=portal.loaded().state.competition,
            prev_id=ids[at - 1] if at > 0 else None, next_id=ids[at + 1] if at + 1 < len(ids) else None), status_code=status)

    async def entry_get(request):
        return entry_page(request)

    async def entry_post(request):
        if "application/x-www-form-urlencoded" not in request.headers.get("content-type", ""):
            return Response("Unsupported form encoding", status_code=415, media_type="text/plain")
        from starlette.requests import ClientDisconnect

        try:
            body = await request.body()
        except ClientDisconnect:  # the browser went away mid-body: nobody to answer, nothing to log
            return Response(status_code=400)
        try:
            fields = {k: v[0] for k, v in parse_qs(body.decode("utf-8"), keep_blank_values=True, max_num_fields=200).items()}
        except (UnicodeDecodeError, ValueError):
            return Response("Bad form", status_code=400, media_type="text/plain")
        lang = language(request, fields)
        judge, answer = judge_of(request, lang)
        if answer:
            return answer
        token, entry_id = request.path_params["token"], request.path_params["entry"]
        if not settings.csrf.valid(token, fields.get("csrf")) or not _same_origin(request):
            return HTMLResponse(pages.render("message.html", lang, title=pages.words(lang)["expired_form"],
                                             text=pages.words(lang)["expired_form_text"]), status_code=403)
        view = uc.judge_round(portal.loaded(), judge)
        if view.item(entry_id) is None:
            return not_found(request, lang)
        raw = {c.id: fields.get("c_" + c.id, "") for c in view.criteria}
        typed = {c: text[:FIELD_MAX] for c, text in raw.items()}  # what the page shows again (and a draft keeps)
        note = fields.get("note", "")[:2000]
        try:
            round_no = int(fields.get("round", ""))
        except ValueError:
            round_no = -1
        if fields.get("action") == "draft":
            if not view.open or view.round_no != round_no:
                outcome = uc.Outcome(closed=True, problems=[pages.words(lang)["closed"]])
                return entry_page(request, 409, outcome, typed, lang, note)
            drafts[(link_of(request), round_no, entry_id)] = typed
            return RedirectResponse(f"/j/{token}/e/{entry_id}?lang={lang}&saved=draft", status_code=303)
        # nothing is cut before it is read: a field longer than the form lets one type is refused as it came
        too_long = {c: pages.words(lang)["too_long"].format(most=FIELD_MAX) for c, text in raw.items() if len(text) > FIELD_MAX}
        note_long = [pages.words(lang)["note_too_long"].format(most=NOTE_MAX, count=len(fields.get("note", "")))
                     ] if len(fields.get("note", "")) > NOTE_MAX else []
        if too_long or note_long:
            return entry_page(request, 422, uc.Outcome(field_problems=too_long, problems=note_long), typed, lang, note)
        speak(lang)  # the form's words, checked here against the held competition (no await before it is done)
        first = uc.prepare(portal.loaded(), judge, round_no, entry_id, typed, note)
        if isinstance(first, uc.Outcome):
            outcome = first
        else:

            def turn():
                """At the save's turn, under the lock: a link revoked, replaced or expired while the post waited
                saves nothing; a page opened on other values than those recorded now changes nothing."""
                if portal.judge_for(token) != judge:
                    return not_found(request, lang)
                stale = _stale(uc, portal.loaded(), judge, round_no, entry_id, fields.get("seen"), typed)
                if stale is not None:
                    speak(lang)
                    changed = pages.words(lang)["changed_since"].format(values=stale)
                    return entry_page(request, 409, uc.Outcome(problems=[changed]), typed, lang, note)
                return None

            result = await record(first, turn)
            if isinstance(result, Response):
                return result
            speak(lang)
            outcome = uc.outcome_of(result)
        if not outcome.ok:
            return entry_page(request, 409 if outcome.closed else 422, outcome, typed, lang, note)
        drafts.pop((link_of(request), round_no, entry_id), None)
        return RedirectResponse(f"/j/{token}/e/{entry_id}?lang={lang}&saved={'1' if outcome.changed else 'same'}", status_code=303)

    async def attachment_get(request):
        """A file attached to one of the judge's entries, verified against the ledger, streamed as a download."""
        from anyio import to_thread
        from starlette.responses import StreamingResponse

        lang = language(request)
        judge, answer = judge_of(request, lang)
        if answer:
            return answer
        entry_id, name = request.path_params["entry"], request.path_params["name"]
        found = await to_thread.run_sync(uc.open_attachment, portal, judge, entry_id, name) if len(name) <= 128 else None
        if found is None:
            return not_found(request, lang)
        fh, attached, content_type = found

        def chunks():
            with fh:
                while chunk := fh.read(1 << 16):
                    yield chunk

        return StreamingResponse(chunks(), media_type=content_type,
                                 headers={"content-length": str(attached.size), "content-disposition": _disposition(attached.name),
                                          "cache-control": "private, no-store"})

    async def judge_get(request):
        return judge_page(request)

    async def admin_view(request, lang: str, base: str, status: int = 200, problems: list[str] | None = None,
                         form: dict | None = None):
        async with save_lock:  # the status is computed on a folder no save of this process is changing
            data = uc.progress(portal)
        q = request.query_params
        said = ""
        if q.get("file") and q.get("count", "").isdigit() and q.get("changed", "").isdigit():

            speak(lang)
            said = uc.Imported(uc.uploaded_name(q["file"]), int(q["count"]), int(q["changed"]), []).said()
        return HTMLResponse(pages.render("admin.html", lang, data=data, comp=portal.loaded().state.competition, base=base,
                                         csrf=settings.csrf.token("admin:" + base), problems=problems or [], said=said,
                                         form=form or {}), status_code=status)

    def admin_base(request, lang: str):
        """(the admin page's address, None) for the secretariat's link or loopback, else (None, the answer)."""
        if "token" not in request.path_params:
            if not (settings.loopback_admin and _loopback(request)):
                return None, not_found(request, lang)
            return "/admin", None
        where = address(request)
        if settings.rate_limit.blocked(where):
            return None, too_many(lang)
        given = request.path_params["token"]
        if settings.admin_token is None or not hmac.compare_digest(hashlib.sha256(given.encode("utf-8", "surrogatepass")).digest(),
                                                                    hashlib.sha256(settings.admin_token.encode()).digest()):
            settings.rate_limit.miss(where)
            return None, not_found(request, lang)
        return f"/admin/{given}", None

    async def admin_get(request):
        lang = language(request)
        base, answer = admin_base(request, lang)
        return answer or await admin_view(request, lang, base)

    async def admin_upload(request):
        """A judge's score file (.csv, or a filled sheet) imported as `krenova score --from FILE` imports it."""
        from anyio import to_thread


        lang = language(request)
        base, answer = admin_base(request, lang)
        if answer:
            return answer
        if "multipart/form-data" not in request.headers.get("content-type", ""):
            return Response("Unsupported form encoding", status_code=415, media_type="text/plain")
        try:
            form = await request.form(max_files=1, max_fields=10, max_part_size=UPLOAD_LIMIT)
        except Exception:  # a malformed multipart body (python-multipart's and Starlette's errors)
            return Response("Bad form", status_code=400, media_type="text/plain")
        fields = {k: v for k, v in form.items() if isinstance(v, str)}
        lang = language(request, fields)
        if not settings.csrf.valid("admin:" + base, fields.get("csrf")) or not _same_origin(request):
            return HTMLResponse(pages.render("message.html", lang, title=pages.words(lang)["expired_form"],
                                             text=pages.words(lang)["expired_form_text"]), status_code=403)
        upload = form.get("scores")
        note, replace = fields.get("note", "")[:500], fields.get("replace") == "1"
        kept = {"note": note, "replace": replace}
        if upload is None or isinstance(upload, str) or not upload.filename:
            speak(lang)
            return await admin_view(request, lang, base, 422, [pages.words(lang)["no_file"]], kept)
        data = await upload.read()
        await form.close()

        def run():
            speak(lang)
            try:
                return portal.import_scores(upload.filename, data, replace, note)
            except Exception as exc:  # worded below, in the page's language
                return exc

        async with save_lock:  # not beside a group of judges' saves of this process
            result = await to_thread.run_sync(run)
        speak(lang)
        if isinstance(result, BaseException):
            return await admin_view(request, lang, base, 422, uc.refusal(result), kept)
        from urllib.parse import urlencode

        query = urlencode({"lang": lang, "file": result.name, "count": result.count, "changed": result.changed})
        return RedirectResponse(f"{base}?{query}", status_code=303)

    async def css(request):
        return Response(pages.stylesheet(), media_type="text/css")

    async def other(request):
        return not_found(request, language(request))

    routes = [
        Route("/j/{token}", judge_get, methods=["GET"]),
        Route("/j/{token}/e/{entry}", entry_get, methods=["GET"]),
        Route("/j/{token}/e/{entry}", entry_post, methods=["POST"]),
        Route("/j/{token}/e/{entry}/a/{name}", attachment_get, methods=["GET"]),
        Route("/admin", admin_get, methods=["GET"]),
        Route("/admin/upload", admin_upload, methods=["POST"]),
        Route("/admin/{token}", admin_get, methods=["GET"]),
        Route("/admin/{token}/upload", admin_upload, methods=["POST"]),
        Route("/static/portal.css", css, methods=["GET"]),
        Route("/{rest:path}", other, methods=["GET", "POST", "HEAD", "PUT", "DELETE", "PATCH", "OPTIONS"]),
    ]
    from contextlib import asynccontextmanager

    def warm() -> None:
        """Before the first connection is taken: the competition read, each judge's list of entries
        computed and rendered once (the templates compiled, the rows escaped), so that the judges who
        open their links the minute the server starts do not wait for that, one behind the other."""
        try:
            speak("id")  # the saves' messages: the Indonesian catalog read once now, not at the first save
            loaded = portal.warm()
            for judge in sorted(loaded.state.judges):
                view = uc.judge_round(loaded, judge)
                for lang in LANGS:
                    pages.render("judge.html", lang, view=view, drafted=set(), comp=loaded.state.competition, token="")
        except Exception:  # noqa: BLE001 - a folder that cannot be read now is reported by the pages that read it
            return

    @asynccontextmanager
    async def lifespan(_app):
        from anyio import to_thread

        await to_thread.run_sync(warm)
        yield
        portal.close()

    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.portal = portal
    app.state.drafts = drafts
    return Guard(app, body_timeout=settings.body_timeout, uploads=("/admin", "/upload", UPLOAD_LIMIT + 64 * 1024))


def _disposition(name: str) -> str:
    """`attachment` with the file's name: a stored name holds letters, digits, dot, space, dash and
    underscore only (`layout.ATTACHMENT_NAME`); anything else is dropped from the plain form."""
    from urllib.parse import quote

    plain = "".join(ch for ch in name if ch.isascii() and (ch.isalnum() or ch in "._ -")) or "file"
    return "; ".join(("attachment", 'filename="%s"' % plain, "filename*=UTF-8''" + quote(name, safe="")))


def speak(lang: str) -> None:
    """The interface language of what a use case words next: set only when it changes (setting it reads
    the catalog again, tens of milliseconds)."""
    from krenova_cli.i18n.messages import language, set_language

    if language() != lang:
        set_language(lang)


def _seen(values) -> str:
    """What an entry's form was opened on: a digest of the judge's recorded values ("none" before any)."""
    if values is None:
        return "none"
    from krenova_cli.usecases.portal import number_text

    text = "\n".join(f"{c}={number_text(v)}" for c, v in sorted(values.items()))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _stale(uc, loaded, judge: str, round_no: int, entry_id: str, seen: str | None, typed: dict) -> str | None:
    """The recorded values ("kebaruan 60, ...") when the form was opened on other values than the
    recorded ones and sending it would change them (another tab, the command line); None otherwise.
    A form that says nothing of what it was opened on (a script of the judge's own) is not held to it."""
    if seen is None:
        return None
    view = uc.judge_round(loaded, judge)
    item = view.item(entry_id)
    if item is None or not view.open or view.round_no != round_no or seen == _seen(item.values):  # (a closed round says so itself)
        return None
    if item.values is not None:
        from krenova_cli.core.score_rules import parse_value

        problems, values = uc.check_fields(view.criteria, typed)
        if not problems and {c: parse_value(v) for c, v in values.items()} == dict(item.values):
            return None  # the same values: nothing would change
    if item.values is None:
        return "-"
    names = {c.id: c.name for c in view.criteria}
    return ", ".join(f"{names.get(c, c)} {uc.number_text(v)}" for c, v in item.values.items())


_LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")


def _loopback(request) -> bool:
    """A request from this machine and not forwarded by a proxy (a proxy on this machine sends
    X-Forwarded-For, and its callers are not on loopback), addressed to a loopback name: a page of
    another site whose DNS name was rebound to 127.0.0.1 sends its own name as Host."""
    if request.headers.get("x-forwarded-for") or request.headers.get("forwarded"):
        return False
    host = request.headers.get("host", "").lower()
    name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    if name not in _LOOPBACK_NAMES or not (name == host or host[len(name) + 1:].isdigit()):
        return False
    try:
        return request.client is not None and ipaddress.ip_address(request.client.host).is_loopback
    except ValueError:
        return False


def _same_origin(request) -> bool:
    """The form was posted from a page of this server: the browser's Sec-Fetch-Site says so when it
    sends one; else its Origin, when it sends one, is this host. (With `Referrer-Policy: no-referrer`
    a browser sends `Origin: null` even from our own page, so `null` decides nothing: the CSRF token does.)"""
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site in ("same-origin", "none")
    origin = request.headers.get("origin")
    if not origin or origin == "null":
        return True
    return origin.split("://", 1)[-1] == request.headers.get("host", "")
