"""The words of the papers and the recap in each language (Indonesian `id`, English `en`).

Label tables live here, beside the formats of `formatting.py`; the code that lays out a sheet or a
document asks for `LABELS[locale]` or `DOCUMENT_WORDS[locale]` and never spells a word itself.
"""

from __future__ import annotations

# the Excel recap: sheet names, column headers, chart titles, statuses
LABELS = {
    "id": {
        "summary": "Ringkasan", "entries": "Peserta", "judges": "Juri", "round": "Babak {n}", "awards": "Pemenang",
        "stats": "Statistik Juri", "rank": "Peringkat", "tied": "Seri", "id": "ID", "title": "Judul",
        "institution": "Instansi", "type": "Jenis", "category": "Kategori", "contact": "Narahubung", "phone": "Telepon",
        "email": "Email", "description": "Deskripsi", "year": "Tahun Mulai", "status": "Status",
        "name": "Nama", "position": "Jabatan", "affiliation": "Instansi",
        "conflicts": "Konflik", "round_score": "Nilai Babak", "ranking_score": "Nilai Peringkat",
        "advances": "Lolos", "missing": "Nilai Belum Masuk", "yes": "Ya", "no": "Tidak", "place": "Juara",
        "prize": "Hadiah (Rp)", "words": "Terbilang", "judge": "Juri", "round_no": "Babak", "count": "Jumlah Dinilai",
        "mean": "Rata-rata", "sd": "Simpangan Baku", "diff": "Selisih dari Juri Lain",
        "state": "Status",
        "entries_n": "Peserta", "advancing_n": "Lolos", "cutoff": "Batas Lolos", "round_name": "Nama Babak",
        "mean_of": "Rerata {c}", "score": "Nilai",
        "states": {"open": "berjalan", "closed": "selesai", "pending": "belum mulai"},
        "statuses": {"winner": "{}", "withdrawn": "mengundurkan diri di babak {}",
                     "disqualified": "didiskualifikasi di babak {}", "active": "aktif di babak {}",
                   "eliminated": "gugur setelah babak {}", "not-active": "tidak aktif", "finalist": "finalis",
                     "screening": "dalam seleksi administrasi", "stopped": "tidak lolos seleksi administrasi"},
        "round_detail": "Babak {n} (rinci)", "round_comments": "Babak {n} (catatan)", "judge_name": "Nama Juri",
        "comment": "Catatan", "criterion_comments": "Catatan per Kriteria", "panel": "Panel Juri", "slot": "Juri {k}", "overview": "Ikhtisar",
        "finalists": "Finalis", "num": "No.", "recap_title": "Rekapitulasi Hasil Penilaian",
        "counts": "{e} peserta, {j} juri", "set_at": "Ditetapkan di {place}, {date}", "set_on": "Ditetapkan tanggal {date}",
        "region_n": "wilayah {region} ({n})", "declared_n": "{n} peserta dinyatakan satu per satu",
        "jury": "Dewan Juri", "approved": "Mengesahkan,", "more": "... dan {n} finalis lainnya (lihat lembar {sheet})",
        "all_annex": "{n} finalis tercantum pada lembar {sheet}", "finalists_annex": "Lampiran Finalis",
        "page": "Halaman &P dari &N", "anchor": "kode buku log: {a}",
        "chart": "Nilai peringkat finalis per babak",
        "analysis": "Analisis", "aspect": "Aspek", "item": "Butir", "count_n": "Jumlah", "value": "Nilai",
        "ci_low": "Batas Bawah 95%", "ci_high": "Batas Atas 95%", "detail": "Peserta / Keterangan", "none": "-",
        "a_cutoff": "Batas lolos", "a_verdict": "Kesimpulan", "a_rule": "Aturan agregasi", "a_own": "{rule} (aturan babak)",
        "a_without": "Tanpa juri", "a_w": "Kesepakatan juri (W Kendall)", "a_alpha": "Kesepakatan juri (alpha Krippendorff)",
        "a_dev": "Deviasi juri dari panel", "a_out": "Pencilan (lebih dari 3 simpangan baku)", "a_all": "semua juri",
    },
    "en": {
        "summary": "Summary", "entries": "Entries", "judges": "Judges", "round": "Round {n}", "awards": "Awards",
        "stats": "Judge statistics", "rank": "Rank", "tied": "Tied", "id": "ID", "title": "Title",
        "institution": "Institution", "type": "Type", "category": "Category", "contact": "Contact", "phone": "Phone",
        "email": "Email", "description": "Description", "year": "Year started", "status": "Status",
        "name": "Name", "position": "Position", "affiliation": "Affiliation",
        "conflicts": "Conflicts", "round_score": "Round score", "ranking_score": "Ranking score",
        "advances": "Advances", "missing": "Missing scores", "yes": "Yes", "no": "No", "place": "Place",
        "prize": "Prize (Rp)", "words": "In words", "judge": "Judge", "round_no": "Round", "count": "Scored",
        "mean": "Mean", "sd": "Std. dev.", "diff": "Difference from co-panellists",
        "state": "State",
        "entries_n": "Entries", "advancing_n": "Advancing", "cutoff": "Cutoff", "round_name": "Round name",
        "mean_of": "Mean {c}", "score": "Score",
        "states": {"open": "open", "closed": "closed", "pending": "pending"},
        "statuses": {"winner": "{}", "withdrawn": "withdrawn in round {}",
                     "disqualified": "disqualified in round {}", "active": "active in round {}",
                   "eliminated": "eliminated after round {}", "not-active": "not active", "finalist": "finalist",
                     "screening": "in administrative screening", "stopped": "stopped in administrative screening"},
        "round_detail": "Round {n} (detail)", "round_comments": "Round {n} (comments)", "judge_name": "Judge's name",
        "comment": "Comment", "criterion_comments": "Comments by criterion", "panel": "Panel", "slot": "Judge {k}", "overview": "Overview",
        "finalists": "Finalists", "num": "No.", "recap_title": "Results of the assessment",
        "counts": "{e} entries, {j} judges", "set_at": "Decided at {place} on {date}", "set_on": "Decided on {date}",
        "region_n": "region {region} ({n})", "declared_n": "{n} entries declared one by one",
        "jury": "Jury", "approved": "Approved by", "more": "... and {n} more finalists (see sheet {sheet})",
        "all_annex": "{n} finalists are listed on sheet {sheet}", "finalists_annex": "Finalists annex",
        "page": "Page &P of &N", "anchor": "ledger code: {a}",
        "chart": "Finalists' ranking scores by round",
        "analysis": "Analysis", "aspect": "Aspect", "item": "Item", "count_n": "Count", "value": "Value",
        "ci_low": "95% CI low", "ci_high": "95% CI high", "detail": "Entries / note", "none": "-",
        "a_cutoff": "Cutoff", "a_verdict": "Verdict", "a_rule": "Aggregation", "a_own": "{rule} (the round's rule)",
        "a_without": "Judge left out", "a_w": "Agreement (Kendall's W)", "a_alpha": "Agreement (Krippendorff's alpha)",
        "a_dev": "Judge's deviation from the panel", "a_out": "Outliers (more than 3 SD)", "a_all": "all judges",
    },
}

# words the document builders put into the papers
DOCUMENT_WORDS = {
    "id": {"finalist": "Finalis {n} Besar", "participant": "Peserta", "advanced": "Lolos", "out": "Tidak lolos",
           "and": "dan", "disqualified": "didiskualifikasi: {reason}", "withdrawn": "mengundurkan diri: {reason}",
           "screening": "Seleksi Administrasi"},
    "en": {"finalist": "Top {n} Finalist", "participant": "Participant", "advanced": "Advances", "out": "Eliminated",
           "and": "and", "disqualified": "disqualified: {reason}", "withdrawn": "withdrawn: {reason}",
           "screening": "Administrative screening"},
}

# the minutes' annex: its column headers and the cutoff line
ANNEX_HEAD = {"id": ("Per.", "ID", "Judul Inovasi", "Instansi", "Nilai", "Nilai", "Keterangan"),
              "en": ("Rank", "ID", "Innovation", "Institution", "Round", "Ranking", "Note")}
ANNEX_CUT = {"id": "batas lolos: {n} inovasi di atas garis ini lolos", "en": "cutoff: the {n} innovations above this line advance"}

# the published results site
SITE_WORDS = {
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
        "verify_title": "Verifikasi dokumen", "manifest": "Manifes situs (JSON: sidik kode, bukan kodenya)",
        "papers_note": "Setiap dokumen resmi memuat kode QR yang menuju halaman verifikasinya sendiri; daftar kode tidak diterbitkan. "
                       "Diterbitkan {valid} dokumen sah dan {revoked} dokumen dicabut.",
        "actions": {"awards.undo": "penetapan pemenang dibatalkan", "awards.redo": "penetapan pemenang diulang",
                    "awards": "pemenang ditetapkan", "entry.withdraw": "peserta mengundurkan diri atau didiskualifikasi",
                    "entry.edit": "data peserta diubah", "entry.remove": "peserta dihapus", "reopen": "babak dibuka kembali",
                    "advance": "babak ditutup", "settings.set": "pengaturan diubah", "adopt": "berkas yang disunting diterima",
                    "judge.edit": "data juri diubah"},
        "kinds": {"award": "Surat penetapan pemenang", "certificate": "Piagam penghargaan", "nomination": "Surat pengusulan",
                  "minutes": "Berita acara penilaian", "awards-minutes": "Berita acara penetapan pemenang",
                  "decree": "Keputusan", "judge-recap": "Rekap nilai juri", "presentation-invitation": "Undangan paparan",
                  "sinovik-draft": "Draf proposal SINOVIK dengan surat pengantar"},
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
        "verify_title": "Paper verification", "manifest": "Site manifest (JSON: digests of the codes, not the codes)",
        "papers_note": "Each official paper carries a QR code leading to its own verification page; the list of codes is not "
                       "published. {valid} valid and {revoked} revoked papers are published.",
        "actions": {"awards.undo": "the awards decision was undone", "awards.redo": "the awards were decided again",
                    "awards": "the awards were decided", "entry.withdraw": "an entry was withdrawn or disqualified",
                    "entry.edit": "an entry was edited", "entry.remove": "an entry was removed", "reopen": "a round was reopened",
                    "advance": "a round was closed", "settings.set": "the settings were changed", "adopt": "a hand edit was adopted",
                    "judge.edit": "a judge was edited"},
        "kinds": {"award": "Award letter", "certificate": "Certificate", "nomination": "Nomination letter",
                  "minutes": "Minutes of a round", "awards-minutes": "Minutes of the winners' decision",
                  "decree": "Decree", "judge-recap": "Judge's score recap",
                  "presentation-invitation": "Invitation to present",
                  "sinovik-draft": "SINOVIK draft proposal with its covering letter"},
    },
}


def gone_words(state, entry_id: str) -> str:
    """'didiskualifikasi: REASON' or 'mengundurkan diri: REASON' for an entry out of the competition, else ''
    (the words the papers use: a finalist or winner listed anywhere says so, and why)."""
    entry = state.entries.get(entry_id)
    gone = entry.withdrawn if entry is not None else None
    if gone is None:
        return ""
    words = DOCUMENT_WORDS[state.competition.competition.locale]
    return words["disqualified" if gone.disqualified else "withdrawn"].format(reason=gone.reason)
