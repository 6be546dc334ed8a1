"""Starting points for an office's own Word templates, made with python-docx: Jinja (docxtpl) tags in
ordinary paragraphs. (The built-in Word papers are made from the papers' HTML by `word_layout.py`.)

Each kind's template holds the same facts and wording as its HTML template: the letterhead by signatory,
number, date, addressee, body, tables (`{%tr for %}` rows), signature block and Tembusan.
`python -m krenova_cli.documents.word_templates DIR [--locale en]` writes them to DIR, to be
edited in Word and put in the competition's `templates/` folder.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path


def _t(locale: str, id_text: str, en_text: str) -> str:
    return id_text if locale == "id" else en_text


class _Doc:
    def __init__(self, landscape: bool = False):
        from docx import Document
        from docx.enum.section import WD_ORIENT
        from docx.shared import Cm, Pt

        self.d = Document()
        sec = self.d.sections[0]
        sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
        if landscape:
            sec.orientation = WD_ORIENT.LANDSCAPE
            sec.page_width, sec.page_height = Cm(29.7), Cm(21.0)
        sec.left_margin, sec.right_margin, sec.top_margin, sec.bottom_margin = Cm(2.5), Cm(2), Cm(1.5), Cm(1.6)
        style = self.d.styles["Normal"]
        style.font.name = "Times New Roman"
        style.font.size = Pt(11)
        style.paragraph_format.space_after = Pt(4)

    def p(self, text: str = "", bold: bool = False, align: str = "left", size: float | None = None, italic: bool = False):
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        para = self.d.add_paragraph()
        para.alignment = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
                          "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}[align]
        run = para.add_run(text)
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = Pt(size)
        return para

    def table(self, headers: list[str], loop: str, cells: list[str], widths: list[float] | None = None):
        """A table whose middle row repeats per item; `widths` in cm keeps amounts and numbers on one line."""
        from docx.shared import Cm

        t = self.d.add_table(rows=4, cols=len(headers))
        t.style = "Table Grid"
        if widths:
            t.autofit = False
            for column, width in zip(t.columns, widths):  # the grid, which LibreOffice follows
                column.width = Cm(width)
            for row in t.rows:  # each cell, which Word follows
                for cell, width in zip(row.cells, widths):
                    cell.width = Cm(width)
        for i, h in enumerate(headers):
            t.rows[0].cells[i].text = h
            t.rows[0].cells[i].paragraphs[0].runs[0].bold = True
        t.rows[1].cells[0].text = "{%tr for " + loop + " %}"
        for i, cell in enumerate(cells):
            t.rows[2].cells[i].text = cell
        t.rows[3].cells[0].text = "{%tr endfor %}"
        return t

    def bytes(self) -> bytes:
        buf = io.BytesIO()
        self.d.save(buf)
        return buf.getvalue()


def _letterhead(w: _Doc, locale: str) -> None:
    w.p("{% if doc.signer.office == 'region' %}{{ img.emblem }}{% else %}{{ img.logo }}{% endif %}", align="center")
    w.p("{% if doc.signer.office == 'region' %}{{ doc.signer.title | upper }}{% else %}{{ c.government | upper }}{% endif %}",
        bold=True, align="center", size=14)
    w.p("{% if doc.signer.office != 'region' %}{{ c.organiser | upper }}{% endif %}", bold=True, align="center", size=14)
    w.p("{% if doc.signer.office != 'region' %}{{ c.address }}{% if c.phone %}, " + _t(locale, "Telepon", "Phone")
        + " {{ c.phone }}{% endif %}{% if c.email %}, " + _t(locale, "Pos-el", "E-mail") + " {{ c.email }}{% endif %}"
        "{% if c.website %}, " + _t(locale, "Laman", "Website") + " {{ c.website }}{% endif %}"
        "{% if c.postal_code %}, {{ c.city | upper }} {{ c.postal_code }}{% endif %}{% endif %}", align="center", size=9)
    w.p("_" * 78, align="center", size=8)


def _signature(w: _Doc, locale: str, place_date: bool = False, cc: bool = True) -> None:
    if place_date:
        w.p("{{ c.place }}, {{ doc.date | tanggal }}", align="right")
    w.p("{% if doc.signer.office == 'region' %}{{ doc.signer.title | upper }}{% else %}{{ doc.signer.title }}{% endif %},", align="right")
    w.p("", align="right")
    w.p("", align="right")
    w.p("{% if doc.signer.name %}{% if doc.signer.office == 'region' %}{{ doc.signer.name | nama_kapital }}{% else %}"
        "{{ doc.signer.name }}{% endif %}{% else %}....................................{% endif %}", bold=True, align="right")
    w.p("{% if doc.signer.office != 'region' and doc.signer.rank %}{{ doc.signer.rank }}{% endif %}", align="right")
    w.p("{% if doc.signer.office != 'region' and doc.signer.nip %}NIP {{ doc.signer.nip }}{% endif %}", align="right")
    if cc:
        w.p("{% if c.cc %}" + _t(locale, "Tembusan", "Copy to") + ":{% for x in c.cc %}\n{{ loop.index }}. {{ x }}{% endfor %}{% endif %}", size=9)


def _meta(w: _Doc, locale: str, subject: str, nature: tuple[str, str] = ("Penting", "Important")) -> None:
    w.p("{{ c.place }}, {{ doc.date | tanggal }}", align="right")
    w.p(_t(locale, "Nomor", "Number") + "\t: {{ doc.number }}")
    w.p(_t(locale, "Sifat\t: " + nature[0], "Nature\t: " + nature[1]))
    w.p(_t(locale, "Lampiran\t: -", "Annex\t: -"))
    w.p(_t(locale, "Hal", "Subject") + "\t: " + subject)


def _judges(w: _Doc, locale: str) -> None:
    w.p(_t(locale, "Demikian berita acara ini dibuat dengan sebenarnya untuk dipergunakan sebagaimana mestinya.",
           "Drawn up truthfully, to be used as appropriate."), align="justify")
    w.p(_t(locale, "Dewan Juri", "Judges"), bold=True)
    w.table(["No.", _t(locale, "Nama", "Name"), _t(locale, "Tanda tangan", "Signature")], "j in doc.judges",
            ["{{ loop.index }}.", "{{ j.name }}{% if j.position %}, {{ j.position }}{% endif %}", "{{ loop.index }}. ........................"])
    w.p("{% if doc.ledger_head %}" + _t(locale, "Kode buku log", "Ledger code") + ": {{ doc.ledger_head }}{% endif %}", size=8)


def _award(w: _Doc, L: str) -> None:
    _letterhead(w, L)
    _meta(w, L, _t(L, "Penetapan {{ doc.place_title }} {{ c.competition }}", "{{ doc.place_title }}, {{ c.competition }}"))
    w.p(_t(L, "Yth. {{ doc.entry.addressee }}\ndi\n      Tempat", "{{ doc.entry.addressee }}\n{{ c.place }}"))
    w.p(_t(L, "Berdasarkan hasil penilaian Dewan Juri {{ c.competition }} melalui {{ c.rounds | length | terbilang_angka }} tahap penilaian "
              "({{ c.rounds[0].name }} sampai dengan {{ c.rounds[-1].name }}), dengan ini kami sampaikan bahwa inovasi "
              "\u201c{{ doc.entry.title }}\u201d dari {{ doc.entry.institution }} (kategori {{ doc.category }}, nilai akhir {{ doc.score | nilai }}) "
              "ditetapkan sebagai {{ doc.place_title }} {{ c.competition }} dan berhak menerima hadiah uang pembinaan sebesar "
              "{{ doc.amount | rupiah }} ({{ doc.amount | terbilang }}) beserta piagam penghargaan dari {{ doc.signer.title }}.",
              "Following the judges' assessment of {{ c.competition }} in {{ c.rounds | length }} rounds, the innovation "
              "\u201c{{ doc.entry.title }}\u201d of {{ doc.entry.institution }} (category {{ doc.category }}, final score {{ doc.score | nilai }}) "
              "has been awarded {{ doc.place_title }} and receives a prize of {{ doc.amount | rupiah }} ({{ doc.amount | terbilang }}) "
              "with a certificate from the {{ doc.signer.title }}."), align="justify")
    w.p(_t(L, "{% if doc.ceremony_ahead %}Hadiah dan piagam akan diserahkan pada acara penganugerahan tanggal {{ c.ceremony_date | tanggal }}."
              "{% else %}Hadiah dan piagam diserahkan bersamaan dengan surat ini.{% endif %} Inovasi tersebut selanjutnya dinominasikan "
              "untuk mengikuti {{ c.national_competition }} dengan pendampingan dari {{ c.organiser }}.",
              "{% if doc.ceremony_ahead %}The prize will be presented at the ceremony on {{ c.ceremony_date | tanggal }}."
              "{% else %}The prize is presented with this letter.{% endif %} The innovation is also nominated for "
              "{{ c.national_competition }}."), align="justify")
    w.p(_t(L, "Demikian disampaikan. Atas perhatian dan partisipasi Saudara, kami ucapkan terima kasih.", "Yours faithfully,"))
    _signature(w, L)


def _certificate(w: _Doc, L: str) -> None:
    w.p("{% if doc.signer.office == 'region' %}{{ img.emblem }}{% endif %}", align="center")
    w.p("{% if doc.signer.office == 'region' %}{{ doc.signer.title | upper }}{% else %}{{ c.government | upper }}{% endif %}", bold=True, align="center")
    w.p(_t(L, "PIAGAM PENGHARGAAN", "CERTIFICATE OF AWARD"), bold=True, align="center", size=28)
    w.p(_t(L, "Nomor: ", "No. ") + "{{ doc.number }}", align="center", size=9)
    w.p(_t(L, "diberikan kepada", "presented to"), align="center")
    w.p("{{ doc.entry.institution }}", bold=True, align="center", size=20)
    w.p(_t(L, "atas inovasi", "for the innovation"), align="center")
    w.p("\u201c{{ doc.entry.title }}\u201d", italic=True, align="center", size=14)
    w.p(_t(L, "sebagai", "as"), align="center")
    w.p("{{ doc.honour | upper }}", bold=True, align="center", size=24)
    w.p("{{ c.competition }}", align="center", size=13)
    w.p("{{ c.place }}, {{ doc.date | tanggal }}", align="center")
    w.p("{% if doc.signer.office == 'region' %}{{ doc.signer.title | upper }}{% else %}{{ doc.signer.title }}{% endif %},", align="center")
    w.p("")
    w.p("{% if doc.signer.name %}{{ doc.signer.name | nama_kapital if doc.signer.office == 'region' else doc.signer.name }}{% else %}"
        "....................................{% endif %}", bold=True, align="center")


def _nomination(w: _Doc, L: str) -> None:
    _letterhead(w, L)
    _meta(w, L, _t(L, "Nominasi {{ c.national_competition }} Tahun {{ c.next_year }}", "Nomination for {{ c.national_competition }} {{ c.next_year }}"),
          ("Biasa", "Ordinary"))
    w.p(_t(L, "Yth. {{ doc.addressee }}\ndi\n      Tempat", "{{ doc.addressee }}\n{{ c.place }}"))
    w.p(_t(L, "Dalam rangka mendorong inovasi pelayanan publik dan sebagai tindak lanjut {{ c.competition }}, dengan ini kami sampaikan "
              "bahwa {{ doc.entries | length | terbilang_angka }} inovasi dari {{ doc.institution }} berikut ini dinominasikan sebagai "
              "peserta {{ c.national_competition }} Tahun {{ c.next_year }}:",
              "Following {{ c.competition }}, these innovations of {{ doc.institution }} are nominated for {{ c.national_competition }} {{ c.next_year }}:"),
        align="justify")
    w.table(["No.", _t(L, "Judul Inovasi", "Innovation"), _t(L, "Kategori", "Category"), _t(L, "Capaian", "Achievement")],
            "e in doc.entries", ["{{ loop.index }}.", "{{ e.title }}", "{{ e.category }}", "{{ e.achievement }}"])
    w.p(_t(L, "{{ c.organiser }} akan mendampingi penyusunan proposal dan kelengkapan administrasi nominasi tersebut. Demikian disampaikan. "
              "Atas perhatian dan kerja sama Saudara, kami ucapkan terima kasih.",
              "{{ c.organiser }} will support the preparation of the proposals. Yours faithfully,"), align="justify")
    _signature(w, L)


def _minutes(w: _Doc, L: str) -> None:
    _letterhead(w, L)
    w.p(_t(L, "BERITA ACARA", "MINUTES"), bold=True, align="center", size=14)
    w.p("{{ doc.round_name | upper }} {{ c.competition | upper }}", bold=True, align="center")
    w.p(_t(L, "Nomor: ", "No. ") + "{{ doc.number }}", align="center")
    w.p(_t(L, "Pada hari ini {{ doc.date | hari }}, tanggal {{ doc.date | tanggal_terbilang }} ({{ doc.date | tanggal_angka }}), bertempat di "
              "{{ c.place }}, Dewan Juri {{ c.competition }} telah melaksanakan {{ doc.round_name }} terhadap {{ doc.total }} inovasi "
              "dengan hasil sebagai berikut.",
              "On {{ doc.date | hari }}, {{ doc.date | tanggal }}, in {{ c.place }}, the judges of {{ c.competition }} held {{ doc.round_name }} "
              "on {{ doc.total }} innovations, with the following results."), align="justify")
    w.p(_t(L, "1. Hasil penilaian:", "1. Results:"), bold=True)
    w.table([_t(L, "Peringkat", "Rank"), "ID", _t(L, "Judul Inovasi", "Innovation"), _t(L, "Instansi", "Institution"),
             _t(L, "Nilai {{ doc.round_name }}", "Score"), _t(L, "Nilai Peringkat", "Ranking score"), _t(L, "Keterangan", "Note")],
            "r in doc.rows", ["{{ r.rank if r.rank is not none else '-' }}{{ '=' if r.tied }}", "{{ r.entry_id }}", "{{ r.title }}",
                              "{{ r.institution }}", "{{ r.round_score | nilai }}", "{{ r.ranking_score | nilai }}", "{{ r.note }}"])
    w.p(_t(L, "{% if doc.omitted %}Tabel di atas memuat {{ doc.rows | length }} peringkat teratas; {{ doc.omitted }} peserta lainnya "
              "beserta peringkat lengkap seluruh {{ doc.total }} inovasi tercantum dalam rekapitulasi penilaian (berkas Excel).{% endif %}",
           "{% if doc.omitted %}The table lists the top {{ doc.rows | length }}; the {{ doc.omitted }} other entries and the full ranking "
           "of all {{ doc.total }} innovations are in the scoring recap (Excel workbook).{% endif %}"), align="justify")
    w.p(_t(L, "2. Inovasi yang lolos ke tahap berikutnya{% if doc.cutoff %} ({{ doc.cutoff }} Besar){% endif %}: {{ doc.advancing | length }} inovasi.",
           "2. Advancing{% if doc.cutoff %} (top {{ doc.cutoff }}){% endif %}: {{ doc.advancing | length }} innovations."))
    w.p(_t(L, "3. Keputusan atas nilai yang sama:", "3. Ties at the cutoff:"), bold=True)
    w.p(_t(L, "{% for d in doc.decisions %}Inovasi {{ d.tied_text }} memperoleh nilai yang sama pada batas lolos. Dewan Juri memutuskan "
              "{% if d.kind == 'include-ties' %}seluruhnya lolos{% else %}inovasi {{ d.chosen_text }} yang lolos{% endif %}, dengan alasan: "
              "{{ d.reason }} {% else %}Tidak ada nilai sama pada batas lolos.{% endfor %}",
              "{% for d in doc.decisions %}{{ d.tied_text }} were tied at the cutoff; the judges decided that {% if d.kind == 'include-ties' %}all"
              "{% else %}{{ d.chosen_text }}{% endif %} advance. Reason: {{ d.reason }} {% else %}No tie at the cutoff.{% endfor %}"), align="justify")
    w.p(_t(L, "{% if doc.replacements %}Penggantian juri: {% for r in doc.replacements %}{{ r.name }} ({{ r.id }}) tidak lagi menilai sejak "
              "{{ doc.round_name }}, dengan alasan: {{ r.reason }}{{ '; ' if not loop.last else '.' }}{% endfor %}{% endif %}",
           "{% if doc.replacements %}Judges replaced: {% for r in doc.replacements %}{{ r.name }} ({{ r.id }}) scores no more from "
           "{{ doc.round_name }} on. Reason: {{ r.reason }}{{ '; ' if not loop.last else '.' }}{% endfor %}{% endif %}"), align="justify")
    _judges(w, L)


def _awards_minutes(w: _Doc, L: str) -> None:
    _letterhead(w, L)
    w.p(_t(L, "BERITA ACARA", "MINUTES"), bold=True, align="center", size=14)
    w.p(_t(L, "PENETAPAN PEMENANG ", "DECISION ON THE WINNERS, ") + "{{ c.competition | upper }}", bold=True, align="center")
    w.p(_t(L, "Nomor: ", "No. ") + "{{ doc.number }}", align="center")
    w.p(_t(L, "Pada hari ini {{ doc.date | hari }}, tanggal {{ doc.date | tanggal_terbilang }} ({{ doc.date | tanggal_angka }}), Dewan Juri "
              "{{ c.competition }} telah menetapkan pemenang berdasarkan peringkat akhir {{ doc.round_name }}.",
              "On {{ doc.date | hari }}, {{ doc.date | tanggal }}, the judges of {{ c.competition }} decided the winners from the final "
              "ranking of {{ doc.round_name }}."), align="justify")
    w.table([_t(L, "Peringkat", "Rank"), "ID", _t(L, "Judul Inovasi", "Innovation"), _t(L, "Instansi", "Institution"),
             _t(L, "Nilai Akhir", "Final score"), _t(L, "Penetapan", "Decision")], "r in doc.rows",
            ["{{ r.rank }}{{ '=' if r.tied }}", "{{ r.entry_id }}", "{{ r.title }}", "{{ r.institution }}", "{{ r.ranking_score | nilai }}",
             "{{ r.prize or '-' }}"])
    w.table([_t(L, "Juara", "Place"), _t(L, "Judul Inovasi", "Innovation"), _t(L, "Instansi", "Institution"), _t(L, "Hadiah", "Prize")],
            "x in doc.winners", ["{{ x.title }}", "{{ x.entry.title }}", "{{ x.entry.institution }}",
                                 "{{ x.amount | rupiah }} ({{ x.amount | terbilang }})"])
    w.p(_t(L, "{% for d in doc.decisions %}Inovasi {{ d.tied_text }} memperoleh nilai akhir yang sama. Dewan Juri menetapkan urutan "
              "{{ d.chosen_text }}, dengan alasan: {{ d.reason }} {% else %}Tidak ada nilai akhir yang sama pada peringkat juara.{% endfor %}",
              "{% for d in doc.decisions %}{{ d.tied_text }} had the same final score; the judges set the order {{ d.chosen_text }}. "
              "Reason: {{ d.reason }} {% else %}No tie at a prize place.{% endfor %}"), align="justify")
    _judges(w, L)


def _decree(w: _Doc, L: str) -> None:
    _letterhead(w, L)
    w.p(_t(L, "KEPUTUSAN {{ doc.signer.title | upper }}", "DECREE OF THE {{ doc.signer.title | upper }}"), bold=True, align="center")
    w.p(_t(L, "NOMOR ", "NUMBER ") + "{{ doc.number }}", align="center")
    w.p(_t(L, "TENTANG", "ON"), align="center")
    w.p(_t(L, "PENETAPAN PEMENANG ", "THE WINNERS OF ") + "{{ c.competition | upper }}", bold=True, align="center")
    w.p(_t(L, "DENGAN RAHMAT TUHAN YANG MAHA ESA", "BY THE GRACE OF GOD ALMIGHTY"), align="center")
    w.p("{{ doc.signer.title | upper }},", align="center")
    w.p(_t(L, "Menimbang\t: a. bahwa dalam rangka mendorong inovasi pelayanan publik telah diselenggarakan {{ c.competition }};\n"
              "\t  b. bahwa berdasarkan Berita Acara Penetapan Pemenang oleh Dewan Juri telah ditetapkan pemenang {{ c.competition }};\n"
              "\t  c. bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a dan huruf b, perlu menetapkan Keputusan "
              "{{ doc.signer.title }} tentang Penetapan Pemenang {{ c.competition }};",
              "Considering\t: a. that {{ c.competition }} was held; b. that the judges decided the winners; c. that the winners are to be set by decree;"))
    w.p(_t(L, "Mengingat", "Having regard to") + "\t: {% for law in doc.laws %}{% if not loop.first %}\n\t  {% endif %}"
        "{{ loop.index }}. {{ law }}{{ ';' if not loop.last else '.' }}{% endfor %}")  # the same laws as the HTML decree
    w.p(_t(L, "MEMUTUSKAN:", "HAS DECIDED:"), bold=True, align="center")
    w.p(_t(L, "Menetapkan\t: KEPUTUSAN {{ doc.signer.title | upper }} TENTANG PENETAPAN PEMENANG {{ c.competition | upper }}.",
           "To enact\t: THE DECREE ON THE WINNERS OF {{ c.competition | upper }}."))
    w.p(_t(L, "KESATU\t: Menetapkan pemenang {{ c.competition }} sebagaimana tercantum dalam Lampiran yang merupakan bagian tidak terpisahkan dari Keputusan ini.",
           "FIRST\t: The winners are those listed in the Annex."))
    w.p(_t(L, "KEDUA\t: Pemenang diberikan hadiah uang pembinaan dengan jumlah seluruhnya {{ doc.total | rupiah }} ({{ doc.total | terbilang }}) dan piagam penghargaan.",
           "SECOND\t: The winners receive prizes of {{ doc.total | rupiah }} ({{ doc.total | terbilang }}) in total, and certificates."))
    w.p(_t(L, "KETIGA\t: Segala biaya yang timbul dibebankan pada {{ doc.budget }}.", "THIRD\t: The costs are borne by {{ doc.budget }}."))
    w.p(_t(L, "KEEMPAT\t: Keputusan ini mulai berlaku pada tanggal ditetapkan.", "FOURTH\t: This Decree takes effect on the date it is enacted."))
    w.p(_t(L, "Ditetapkan di {{ c.place }}\npada tanggal {{ doc.date | tanggal }}", "Enacted in {{ c.place }}\non {{ doc.date | tanggal }}"), align="right")
    _signature(w, L, cc=False)  # a Keputusan has no Tembusan
    w.d.add_page_break()
    w.p(_t(L, "LAMPIRAN KEPUTUSAN {{ doc.signer.title | upper }}\nNOMOR {{ doc.number }}\nTANGGAL {{ doc.date | tanggal }}",
           "ANNEX TO THE DECREE OF THE {{ doc.signer.title | upper }}\nNUMBER {{ doc.number }}\nDATE {{ doc.date | tanggal }}"), align="right", size=9)
    w.p(_t(L, "PEMENANG ", "WINNERS OF ") + "{{ c.competition | upper }}", bold=True, align="center")
    w.table(["No.", _t(L, "Juara", "Place"), _t(L, "Judul Inovasi", "Innovation"), _t(L, "Instansi", "Institution"),
             _t(L, "Hadiah Uang Pembinaan", "Prize")], "x in doc.winners",
            ["{{ loop.index }}.", "{{ x.title }}", "{{ x.entry.title }}", "{{ x.entry.institution }}", "{{ x.amount | rupiah }}\n({{ x.amount | terbilang }})"],
            widths=[1.2, 2.4, 4.3, 3.6, 5.0])


def _judge_recap(w: _Doc, L: str) -> None:
    _letterhead(w, L)
    w.p(_t(L, "REKAPITULASI NILAI JURI", "JUDGE'S SCORE SHEET"), bold=True, align="center", size=14)
    w.p("{{ doc.round_name | upper }} {{ c.competition | upper }}", bold=True, align="center")
    w.p(_t(L, "Nomor: ", "No. ") + "{{ doc.number }}", align="center")
    w.p(_t(L, "Nama juri\t: {{ doc.judge.name }}", "Judge\t: {{ doc.judge.name }}"))
    w.p(_t(L, "Kriteria: ", "Criteria: ") + "{% for k in doc.criteria %}{{ loop.index }}. {{ k.name }} ({{ k.weight }}){{ '; ' if not loop.last }}{% endfor %}")
    w.table(["No.", "ID", _t(L, "Judul Inovasi", "Innovation"), _t(L, "Nilai per kriteria", "Scores by criterion"),
             _t(L, "Total Tertimbang", "Weighted total")], "r in doc.rows",
            ["{{ loop.index }}.", "{{ r.entry_id }}", "{{ r.title }}", "{{ r.marks | join(' / ') }}", "{{ r.total | nilai }}"])
    w.p(_t(L, "Nilai di atas adalah penilaian saya sendiri atas {{ doc.rows | length }} inovasi pada {{ doc.round_name }}, "
              "diberikan secara objektif dan tanpa benturan kepentingan.",
           "The scores above are my own assessment of {{ doc.rows | length }} innovations in {{ doc.round_name }}, "
           "given objectively and without conflict of interest."), align="justify")
    w.p("{{ c.place }}, {{ doc.date | tanggal }}", align="right")
    w.p(_t(L, "Juri,", "Judge,"), align="right")
    w.p("")
    w.p("{{ doc.judge.name }}", bold=True, align="right")


def _presentation_invitation(w: _Doc, L: str) -> None:
    _letterhead(w, L)
    _meta(w, L, _t(L, "Undangan Paparan {{ doc.round_name }} {{ c.competition }}", "Invitation to present, {{ doc.round_name }}, {{ c.competition }}"))
    w.p(_t(L, "Yth. {{ doc.addressee }}\ndi\n      Tempat", "{{ doc.addressee }}\n{{ c.place }}"))
    w.p(_t(L, "Dalam rangka penilaian tahap {{ doc.round_name }} {{ c.competition }}, dengan hormat kami mengundang Saudara atau pejabat "
              "yang ditunjuk untuk memaparkan {{ doc.entries | length | terbilang_angka }} inovasi dari {{ doc.institution }} di hadapan "
              "Dewan Juri, pada {% for d in doc.days %}{{ d | hari }}, {{ d | tanggal }}{{ '; ' if not loop.last }}{% endfor %}"
              "{% if doc.one_day %} pukul {{ doc.time_from }}\u2013{{ doc.time_to }}{{ ' ' ~ doc.zone if doc.zone }}{% endif %}, "
              "bertempat di {{ doc.room }}, dengan jadwal sebagai berikut:",
              "For the {{ doc.round_name }} assessment of {{ c.competition }}, we invite you or an official you appoint to present the "
              "innovation(s) of {{ doc.institution }} to the judges on {% for d in doc.days %}{{ d | hari }}, {{ d | tanggal }}"
              "{{ '; ' if not loop.last }}{% endfor %}{% if doc.one_day %}, {{ doc.time_from }}\u2013{{ doc.time_to }}"
              "{{ ' ' ~ doc.zone if doc.zone }}{% endif %}, at {{ doc.room }}, as follows:"), align="justify")
    w.table(["No.", _t(L, "Hari, Tanggal", "Date"), _t(L, "Pukul", "Time"), _t(L, "Judul Inovasi", "Innovation")],
            "e in doc.entries", ["{{ loop.index }}.", "{{ e.day | hari }}, {{ e.day | tanggal }}", "{{ e.start }}\u2013{{ e.end }}",
                                 "{{ e.title }}"], widths=[1.2, 4.2, 2.6, 8.5])
    w.p(_t(L, "Setiap inovasi dipaparkan paling lama {{ doc.minutes }} menit, termasuk tanya jawab dengan Dewan Juri. Kami mohon pemapar "
              "hadir 15 menit sebelum jadwal dan membawa bahan paparan dalam bentuk berkas elektronik. Demikian undangan ini kami "
              "sampaikan. Atas perhatian dan kehadiran Saudara, kami ucapkan terima kasih.",
              "Each innovation is presented in at most {{ doc.minutes }} minutes, questions from the judges included. Please arrive "
              "15 minutes before your time and bring the presentation as an electronic file. Yours faithfully,"), align="justify")
    _signature(w, L)


BUILDERS = {"award": _award, "certificate": _certificate, "nomination": _nomination, "minutes": _minutes,
            "awards-minutes": _awards_minutes, "decree": _decree, "judge-recap": _judge_recap,
            "presentation-invitation": _presentation_invitation}


def _verification(w: _Doc, locale: str) -> None:
    """The verification code and its QR code in the page footer (SPEC 8.7), small, at the left."""
    from docx.shared import Pt

    footer = w.d.sections[0].footer
    para = footer.paragraphs[0]
    run = para.add_run("{% if doc.verify_code is defined %}{{ img.qr }} " + _t(locale, "Kode verifikasi", "Verification code")
                       + ": {{ doc.verify_code }}{% if doc.verify_url %}  {{ doc.verify_url }}{% endif %}{% endif %}")
    run.font.size = Pt(7)


def build(kind: str, locale: str = "id") -> bytes:
    w = _Doc(landscape=kind == "certificate")
    BUILDERS[kind](w, locale)
    _verification(w, locale)
    return w.bytes()


if __name__ == "__main__":  # python -m krenova_cli.documents.word_templates DIR [--locale en]
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    loc = "en" if "--locale" in sys.argv and sys.argv[-1] == "en" else "id"
    out.mkdir(parents=True, exist_ok=True)
    for name in BUILDERS:
        (out / f"{name}.docx").write_bytes(build(name, loc))
        print(out / f"{name}.docx")
