"""The published site (`krenova publish`, SPEC 8.7): static HTML pages and a manifest, no script.

`index.html` shows the results (the winners, each cutoff's list with its scores, the categories)
and the ledger head; `v/CODE.html` says what the paper with that code states and whether it still
holds, so that a QR code printed with `verify_url = "https://SITE/v/{code}.html"` leads to it;
`manifest.json` lists every code with its facts and the ledger head. The pages are rendered by the
same sandboxed, autoescaping Jinja2 environment as the papers (a template `site/index.html` or
`site/code.html` in the folder's `templates/` overrides the built-in one), in the settings' locale.
"""

from __future__ import annotations

WORDS = {
    "id": {
        "results": "Hasil", "winners": "Pemenang", "top": "{n} Besar", "categories": "Kategori",
        "entries": "peserta", "rank": "Peringkat", "entry": "Inovasi", "institution": "Instansi",
        "category": "Kategori", "score": "Nilai", "prize": "Hadiah", "vacant": "tidak ada pemenang",
        "withdrawn": "mengundurkan diri / didiskualifikasi", "ledger": "Kode buku log",
        "ledger_note": "Kode ini dicetak pada berita acara; `krenova check --anchor KODE` membuktikan bahwa riwayat keputusan sampai titik itu tidak diubah.",
        "papers": "Dokumen resmi", "number": "Nomor", "kind": "Jenis", "status": "Status",
        "code": "Kode verifikasi", "valid": "SAH", "revoked": "DICABUT", "honour": "Penghargaan",
        "amount": "Jumlah", "date": "Tanggal", "round": "Babak",
        "valid_text": "Fakta yang tertulis pada dokumen ini masih berlaku menurut buku log kompetisi.",
        "revoked_text": "Fakta yang tertulis pada dokumen ini tidak lagi berlaku.",
        "revoked_by": "Diubah oleh catatan buku log nomor {seq} ({action}, {time}){reason}.",
        "issued": "Diterbitkan pada kode buku log {head} (catatan {seq}).",
        "back": "Kembali ke hasil", "no_awards": "Pemenang belum ditetapkan.", "no_papers": "Belum ada dokumen yang diterbitkan.",
        "verify_title": "Verifikasi dokumen", "manifest": "Daftar semua kode (JSON)",
        "actions": {"awards.undo": "penetapan pemenang dibatalkan", "awards.redo": "penetapan pemenang diulang",
                    "awards": "pemenang ditetapkan", "entry.withdraw": "peserta mengundurkan diri atau didiskualifikasi",
                    "entry.edit": "data peserta diubah", "entry.remove": "peserta dihapus", "reopen": "babak dibuka kembali",
                    "advance": "babak ditutup", "settings.set": "pengaturan diubah", "adopt": "berkas yang disunting diterima",
                    "judge.edit": "data juri diubah"},
        "kinds": {"award": "Surat penetapan pemenang", "certificate": "Piagam penghargaan", "nomination": "Surat pengusulan",
                  "minutes": "Berita acara penilaian", "awards-minutes": "Berita acara penetapan pemenang",
                  "decree": "Keputusan", "judge-recap": "Rekap nilai juri"},
    },
    "en": {
        "results": "Results", "winners": "Winners", "top": "Top {n}", "categories": "Categories",
        "entries": "entries", "rank": "Rank", "entry": "Innovation", "institution": "Institution",
        "category": "Category", "score": "Score", "prize": "Prize", "vacant": "no winner",
        "withdrawn": "withdrawn / disqualified", "ledger": "Ledger code",
        "ledger_note": "This code is printed on the minutes; `krenova check --anchor CODE` proves that the history of decisions up to it was not rewritten.",
        "papers": "Official papers", "number": "Number", "kind": "Kind", "status": "Status",
        "code": "Verification code", "valid": "VALID", "revoked": "REVOKED", "honour": "Honour",
        "amount": "Amount", "date": "Date", "round": "Round",
        "valid_text": "What this paper states still holds according to the competition's ledger.",
        "revoked_text": "What this paper states no longer holds.",
        "revoked_by": "Changed by ledger record {seq} ({action}, {time}){reason}.",
        "issued": "Issued at ledger code {head} (record {seq}).",
        "back": "Back to the results", "no_awards": "The winners are not decided yet.", "no_papers": "No papers issued yet.",
        "verify_title": "Paper verification", "manifest": "Every code (JSON)",
        "actions": {"awards.undo": "the awards decision was undone", "awards.redo": "the awards were decided again",
                    "awards": "the awards were decided", "entry.withdraw": "an entry was withdrawn or disqualified",
                    "entry.edit": "an entry was edited", "entry.remove": "an entry was removed", "reopen": "a round was reopened",
                    "advance": "a round was closed", "settings.set": "the settings were changed", "adopt": "a hand edit was adopted",
                    "judge.edit": "a judge was edited"},
        "kinds": {"award": "Award letter", "certificate": "Certificate", "nomination": "Nomination letter",
                  "minutes": "Minutes of a round", "awards-minutes": "Minutes of the winners' decision",
                  "decree": "Decree", "judge-recap": "Judge's score recap"},
    },
}


def results(state) -> dict:
    """The index's data: winners, each cutoff's list (most selective first), categories."""
    comp = state.competition
    cats = {c.id: c.name for c in comp.categories}
    winners = []
    if state.awards:
        for p in state.awards.places:
            e = state.entries.get(p.entry_id) if p.entry_id else None
            winners.append({"title": p.title, "amount": p.amount, "score": p.ranking_score, "entry_id": p.entry_id,
                            "entry": e.title if e else "", "institution": e.institution if e else "",
                            "category": cats.get(e.category, e.category) if e else ""})
    tops = []
    for n in sorted(state.records, key=lambda n: (state.records[n].cutoff or 10**9, -n)):
        rec = state.records[n]
        if not rec.cutoff:
            continue
        rows = [{"rank": r.rank, "tied": r.tied, "entry_id": r.entry_id, "title": r.title, "institution": r.institution,
                 "category": cats.get(r.category, r.category), "score": r.ranking_score,
                 "withdrawn": r.entry_id in state.entries and state.entries[r.entry_id].withdrawn is not None}
                for r in rec.standings if rec.advances(r.entry_id)]
        tops.append({"cutoff": rec.cutoff, "round": n, "round_name": rec.name, "rows": rows})
    seen = {}
    for e in state.entries.values():
        if e.withdrawn is None:
            seen[e.category] = seen.get(e.category, 0) + 1
    categories = [{"id": c.id, "name": c.name, "entries": seen.get(c.id, 0)} for c in comp.categories]
    return {"winners": winners, "tops": tops, "categories": categories}


def paper(verdict, state) -> dict:
    f = verdict.facts or {}
    ids = [e for e in (f.get("entry_id") or "").split(", ") if e]
    entries = [{"id": e, "title": state.entries[e].title, "institution": state.entries[e].institution}
               for e in ids if e in state.entries]
    return {"code": verdict.code, "status": verdict.status, "facts": f, "entries": entries,
            "ledger_head": verdict.ledger_head, "ledger_seq": verdict.ledger_seq, "revoked_by": verdict.revoked_by}


def render(env, name: str, context: dict) -> str:
    from jinja2 import TemplateError
    from jinja2.exceptions import SecurityError

    from krenova_cli.core.errors import UserError

    try:
        return env.get_template(name).render(**context)
    except SecurityError as exc:
        raise UserError(f"template refused: {exc} (templates may not reach Python internals)") from None
    except TemplateError as exc:
        raise UserError(f"template {name}: {exc}") from None
