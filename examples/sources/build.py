#!/usr/bin/env python3
"""Regenerates the sample inputs in examples/ (emails, fax, scanned letter, Twilio callbacks).

Run from anywhere: `python3 examples/sources/build.py`. Needs chromium, poppler-utils
(pdftoppm, pdftotext), ImageMagick 6 (`convert`) and, for the final checks, tesseract with the
`fra` language. Everything is deterministic except the PDF creation dates Chromium writes.

All people, addresses and phone numbers are invented (819-555-01xx is the fictional range);
the only real data is the housing office's own address and numbers, from the seed document.
"""
import base64
import json
import random
import shutil
import subprocess
import sys
import tempfile
from email import policy
from email.charset import QP, Charset
from email.mime.application import MIMEApplication
from email.mime.image import MIMEImage
from email.mime.multipart import MIMEMultipart
from email.mime.nonmultipart import MIMENonMultipart
from email.header import Header
from email.mime.text import MIMEText
from email.utils import formataddr
from pathlib import Path

SRC = Path(__file__).resolve().parent
OUT = SRC.parent
RNG = random.Random("doleances-examples-omhtr-2026")

# The eml files are written with CRLF line ends, as a mail client saves them. compat32 keeps the
# header text exactly as given (non-ASCII headers are RFC 2047-encoded here, in their own charset).
SMTP = policy.compat32.clone(linesep="\r\n")


def run(*cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, **kw)


def html_to_pdf(html: Path, pdf: Path, profile: Path):
    run(
        "chromium", "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", f"--user-data-dir={profile}", "--no-pdf-header-footer",
        f"--print-to-pdf={pdf}", str(html),
    )


def sid(prefix: str) -> str:
    return prefix + "".join(RNG.choice("0123456789abcdef") for _ in range(32))


def qp_text(text: str, subtype: str, charset: str) -> MIMENonMultipart:
    """A text part in quoted-printable, whatever the charset (Python defaults latin-1 to QP
    but utf-8 to base64; mail clients use QP for mostly-ASCII French text)."""
    cs = Charset(charset)
    cs.body_encoding = QP
    part = MIMENonMultipart("text", subtype)
    part.set_payload(text, cs)
    return part


def enc(name: str, value: str, charset: str = "utf-8") -> Header:
    """RFC 2047 encoded-words for a header with non-ASCII text, folded after the header name."""
    return Header(value, charset, header_name=name)


def subpart(part):
    """Only the top-level entity carries MIME-Version (RFC 2045 section 4); Python adds it to
    every part it builds."""
    del part["MIME-Version"]
    return part


def addr(name: str, address: str, charset: str = "utf-8") -> str:
    return formataddr((name, address), charset)


def set_headers(msg, headers):
    """Puts the transport headers first, as they appear in a delivered message, then the
    MIME headers the part was built with."""
    mime = [(k, v) for k, v in msg.items()]
    for k in {k for k, _ in mime}:
        del msg[k]
    for name, value in headers:
        msg[name] = value
    msg["MIME-Version"] = "1.0"
    for k, v in mime:
        if k != "MIME-Version":
            msg[k] = v


def write_eml(msg, path: Path):
    path.write_bytes(msg.as_bytes(policy=SMTP))


# ---------------------------------------------------------------- rendered documents

def render_documents(tmp: Path):
    profile = tmp / "chromium-profile"
    for name in ("journal-du-bruit", "lettre-numerisee", "telecopie-stationnement"):
        html_to_pdf(SRC / f"{name}.html", tmp / f"{name}.pdf", profile)

    # 2. The noise log travels as a real PDF with a text layer.
    shutil.copy(tmp / "journal-du-bruit.pdf", tmp / "journal.pdf")

    # 4. Scanned letter: 150 dpi A4 grayscale, a slight skew, paper shading and dust.
    run("pdftoppm", "-r", "150", "-gray", "-png", "-singlefile",
        str(tmp / "lettre-numerisee.pdf"), str(tmp / "lettre"))
    dust = []
    while len(dust) < 35:
        x, y = RNG.randint(20, 1220), RNG.randint(20, 1730)
        if 120 < x < 1120 and 120 < y < 1560:
            continue  # dust in the margins only, so that it never changes a digit of the text
        r = RNG.choice([0.6, 0.8, 1.0, 1.2])
        dust.append(f"circle {x},{y} {x + r:.1f},{y}")
    run("convert", str(tmp / "lettre.png"), "-colorspace", "Gray",
        "-background", "white", "-rotate", "0.6", "+repage",
        "-gravity", "center", "-crop", "1240x1754+0+0", "+repage",
        "-fill", "gray35", "-draw", " ".join(dust),
        "(", "-size", "1754x1240", "gradient:gray90-gray98", "-rotate", "90", ")",
        "-compose", "Multiply", "-composite",
        "-blur", "0x0.3", "+level", "4%,96%", "-colorspace", "Gray", "-depth", "8",
        "-density", "150", "-units", "PixelsPerInch",
        "-define", "png:compression-level=9", str(OUT / "lettre-numerisee.png"))

    # 5. Fax page: 200 dpi US Letter, bilevel, CCITT Group 4 as fax services deliver it,
    # slightly skewed with a few line-noise specks.
    run("pdftoppm", "-r", "200", "-gray", "-png", "-singlefile",
        str(tmp / "telecopie-stationnement.pdf"), str(tmp / "fax"))
    specks = []
    for _ in range(60):
        x, y = RNG.randint(10, 1690), RNG.randint(10, 2190)
        specks.append(f"point {x},{y}")
        if RNG.random() < 0.3:
            specks.append(f"point {x + 1},{y}")
    run("convert", str(tmp / "fax.png"), "-colorspace", "Gray",
        "-background", "white", "-rotate", "-0.4", "+repage",
        "-gravity", "center", "-crop", "1700x2200+0+0", "+repage",
        "-threshold", "58%", "-fill", "black", "-draw", " ".join(specks),
        "-type", "bilevel", "-compress", "Group4",
        "-density", "200", "-units", "PixelsPerInch", str(tmp / "fax.tif"))
    return tmp / "journal.pdf", tmp / "fax.tif"


# ---------------------------------------------------------------- 1. snow removal

def courriel_deneigement():
    text = """Bonjour,

Je suis locataire aux Habitations Sainte-Marguerite, au 1245, rue Sainte-Marguerite, appartement 104.

Depuis la tempête de mercredi soir (18 novembre), l'entrée principale de l'immeuble et les escaliers extérieurs n'ont toujours pas été déneigés. Nous sommes vendredi matin. Il reste une vingtaine de centimètres de neige tassée sur les marches et une plaque de glace devant la porte. Personne n'a mis de sel ni d'abrasif.

Plusieurs locataires de l'immeuble sont âgés ou se déplacent en marchette. Hier, ma voisine du 102 a failli tomber en sortant pour aller à la pharmacie, et le livreur de l'épicerie a refusé de monter les marches. Moi-même, je dois sortir par la porte de la buanderie, qui n'est pas déneigée non plus.

Je vous demande de faire déneiger et déglacer l'entrée et les escaliers au plus vite, et de vous assurer que ce sera fait après les prochaines tempêtes. L'hiver ne fait que commencer.

Merci de me tenir au courant.

Ginette Bellemare
1245, rue Sainte-Marguerite, app. 104
Trois-Rivières (Québec) G9A 2X7
819-555-0123
"""
    paras = text.strip().split("\n\n")
    sig = paras.pop().split("\n")
    html = (
        '<!DOCTYPE html>\n<html>\n  <head>\n'
        '    <meta http-equiv="content-type" content="text/html; charset=UTF-8">\n'
        '  </head>\n  <body>\n'
        + "".join(f"    <p>{p}</p>\n" for p in paras)
        + '    <div class="moz-signature">-- <br>' + "<br>\n".join(sig) + "</div>\n"
        "  </body>\n</html>\n"
    )
    msg = MIMEMultipart("alternative", boundary="------------Xk3v9QmT2pLr8sWd4bNc6yHf")
    msg.attach(subpart(qp_text(text, "plain", "UTF-8")))
    msg.attach(subpart(qp_text(html, "html", "UTF-8")))
    set_headers(msg, [
        ("Return-Path", "<ginette.bellemare@videotron.example>"),
        ("Received", "from smtp.videotron.example (smtp.videotron.example [198.51.100.23])\n"
                     "\tby mx.omhtr.ca (Postfix) with ESMTPS id 4Gk2Lq5Wn8z3Ty\n"
                     "\tfor <serviceclientele@omhtr.ca>; Fri, 20 Nov 2026 07:42:19 -0500 (EST)"),
        ("Received", "from [192.168.0.12] (unknown [203.0.113.45])\n"
                     "\tby smtp.videotron.example (Postfix) with ESMTPSA id 9B2D51C0021\n"
                     "\tfor <serviceclientele@omhtr.ca>; Fri, 20 Nov 2026 07:42:16 -0500 (EST)"),
        ("Message-ID", "<5c1e9a7b-3f2d-4e8a-9b61-0d4f7e2a8c13@videotron.example>"),
        ("Date", "Fri, 20 Nov 2026 07:42:13 -0500"),
        ("User-Agent", "Mozilla Thunderbird"),
        ("Content-Language", "fr-CA"),
        ("From", addr("Ginette Bellemare", "ginette.bellemare@videotron.example")),
        ("To", addr("Service à la clientèle OMHTR", "serviceclientele@omhtr.ca")),
        ("Subject", enc("Subject", "Entrée et escaliers pas déneigés depuis la tempête - 1245 rue Sainte-Marguerite")),
    ])
    write_eml(msg, OUT / "courriel-deneigement.eml")


# ---------------------------------------------------------------- 2. noise, with PDF log

def courriel_bruit(journal_pdf: Path):
    text = """Bonjour,

Je suis locataire au 855, boulevard du Carmel, appartement 12, et je vous écris pour porter plainte au sujet du bruit qui vient de l'appartement 22, juste au-dessus de chez moi.

Depuis la fin d'octobre, le locataire de l'appartement 22 fait jouer de la musique très fort en pleine nuit, presque toujours entre 1 h 30 et 4 h du matin, avec des basses qui font vibrer mes murs. C'est arrivé sept nuits en deux semaines, encore samedi dernier à 2 h 20. J'ai cogné, sonné à sa porte et laissé une note, sans résultat. Le 13 novembre, j'ai dû appeler la police et la musique a recommencé 20 minutes après le départ de la patrouille.

Je travaille de jour et je ne dors plus. Vous trouverez en pièce jointe le journal que je tiens depuis le 30 octobre, avec les dates et les heures.

J'aimerais que l'Office intervienne auprès de ce locataire. Je suis prêt à participer à une rencontre ou à une médiation si c'est utile.

Merci,

Marc-André Lessard
855, boulevard du Carmel, app. 12
Trois-Rivières (Québec) G8Z 3R4
Tél. : 819-555-0158
"""
    paras = text.strip().split("\n\n")
    html = '<div dir="ltr">' + "".join(
        "<div>" + p.replace("\n", "<br>") + "</div><div><br></div>" for p in paras
    ) + "</div>\n"

    alt = MIMEMultipart("alternative", boundary="000000000000a1c7e20612f4b3d8")
    alt.attach(subpart(qp_text(text, "plain", "UTF-8")))
    alt.attach(subpart(qp_text(html, "html", "UTF-8")))
    pdf = MIMEApplication(journal_pdf.read_bytes(), "pdf", name="journal-du-bruit.pdf")
    pdf.add_header("Content-Disposition", "attachment", filename="journal-du-bruit.pdf")
    pdf.add_header("X-Attachment-Id", "f_mhq2x7k40")
    pdf.add_header("Content-ID", "<f_mhq2x7k40>")

    msg = MIMEMultipart("mixed", boundary="000000000000a1c7e40612f4b3da")
    msg.attach(subpart(alt))
    msg.attach(subpart(pdf))
    set_headers(msg, [
        ("Return-Path", "<ma.lessard@gmail.example>"),
        ("Received", "from mail-sor-f41.google.example (mail-sor-f41.google.example [198.51.100.41])\n"
                     "\tby mx.omhtr.ca (Postfix) with ESMTPS id 4Gh7Rt2Bc9z8Qp\n"
                     "\tfor <serviceclientele@omhtr.ca>; Mon, 16 Nov 2026 08:12:51 -0500 (EST)"),
        ("From", addr("Marc-André Lessard", "ma.lessard@gmail.example")),
        ("Date", "Mon, 16 Nov 2026 08:12:47 -0500"),
        ("Message-ID", "<CAJ7x+R4mQ9vZk2pLw8dTn3bYh5sFq1cXe6gU0aNr4@mail.gmail.example>"),
        ("Subject", enc("Subject", "Plainte - bruit de l'appartement 22 la nuit (musique à 2 h du matin)")),
        ("To", addr("Service à la clientèle OMHTR", "serviceclientele@omhtr.ca")),
    ])
    write_eml(msg, OUT / "courriel-bruit-voisin.eml")


# ---------------------------------------------------------------- 3. urgent leak, ISO-8859-1

def courriel_fuite():
    # Only Latin-1 characters: straight apostrophes, « » allowed, no curly quotes or oe ligature.
    text = """Bonsoir,

C'est une URGENCE. Il y a de l'eau qui coule du plafond de ma cuisine, directement par le luminaire (la lumière au centre du plafond). Ça a commencé vers 21 h 15 et ça coule de plus en plus fort, j'ai déjà rempli deux chaudières. Le plafond est gonflé autour du luminaire.

J'ai fermé le disjoncteur de la cuisine par précaution mais j'ai peur que ça fasse un court-circuit ou que le plafond tombe. J'ai cogné chez le voisin d'en haut (appartement 8) mais personne ne répond. J'ai appelé au numéro de l'Office et je suis tombée sur la boîte vocale.

SVP envoyez quelqu'un ce soir. Je suis chez moi et je reste réveillée.

Hélène Thibodeau
3340, rue Bellefeuille, appartement 5
Trois-Rivières (Québec) G9A 3Z6
Cellulaire : 819-555-0134
"""
    text.encode("iso-8859-1")  # fails loudly if a non-Latin-1 character slips in
    msg = qp_text(text, "plain", "iso-8859-1")
    set_headers(msg, [
        ("Return-Path", "<helene.thibodeau@cgocable.example>"),
        ("Received", "from out.cgocable.example (out.cgocable.example [198.51.100.77])\n"
                     "\tby mx.omhtr.ca (Postfix) with ESMTPS id 4Hm1Zp8Kd3z6Wr\n"
                     "\tfor <serviceclientele@omhtr.ca>; Tue, 24 Nov 2026 21:37:58 -0500 (EST)"),
        ("From", addr("Hélène Thibodeau", "helene.thibodeau@cgocable.example", "iso-8859-1")),
        ("To", addr("Service à la clientèle OMHTR", "serviceclientele@omhtr.ca", "iso-8859-1")),
        ("Subject", enc("Subject", "URGENT!!! Dégât d'eau, l'eau coule du plafond par le luminaire", "iso-8859-1")),
        ("Date", "Tue, 24 Nov 2026 21:37:52 -0500"),
        ("Message-ID", "<000001db3e8f$4a2c1b70$de855250$@cgocable.example>"),
        ("X-Mailer", "Microsoft Outlook 16.0"),
        ("Thread-Index", "AdtOj0oV3n8mQ2xWRk6Y1b9sT4cPzA=="),
        ("Content-Language", "fr-ca"),
        ("Importance", "High"),
        ("X-Priority", "1"),
    ])
    write_eml(msg, OUT / "courriel-fuite-urgente.eml")


# ---------------------------------------------------------------- 5. fax-to-email

def telecopie(fax_tif: Path):
    text = """You have received a fax.

From:              819-555-0142 (D. PELLERIN)
To:                819-378-3766
Received:          2026-11-23 13:59 EST
Pages:             1
Transmission time: 38 seconds
Resolution:        Fine (200 dpi)
File:              fax-8195550142.tif

This message was sent automatically by SRFax. Please do not reply to this email.
"""
    msg = MIMEMultipart("mixed", boundary="=_srfax_7d41c0a9e2b35f68")
    msg.attach(subpart(MIMEText(text, "plain", "us-ascii")))
    tif = MIMEImage(fax_tif.read_bytes(), "tiff", name="fax-8195550142.tif")
    tif.add_header("Content-Disposition", "attachment", filename="fax-8195550142.tif")
    msg.attach(subpart(tif))
    set_headers(msg, [
        ("Return-Path", "<bounce@srfax.example>"),
        ("Received", "from mail.srfax.example (mail.srfax.example [198.51.100.140])\n"
                     "\tby mx.omhtr.ca (Postfix) with ESMTPS id 4Gr9Vb3Nx1z5Kc\n"
                     "\tfor <telecopieur@omhtr.ca>; Mon, 23 Nov 2026 13:59:44 -0500 (EST)"),
        ("From", '"SRFax" <noreply@srfax.example>'),
        ("To", "telecopieur@omhtr.ca"),
        ("Subject", "Fax from 819-555-0142 (1 page)"),
        ("Date", "Mon, 23 Nov 2026 13:59:41 -0500"),
        ("Message-ID", "<20261123185941.7F3A2C0148@mail.srfax.example>"),
    ])
    write_eml(msg, OUT / "telecopie-stationnement.eml")


# ---------------------------------------------------------------- 6a. legacy <Record transcribe>

ACCOUNT = sid("AC")
OMH_NUMBER = "+18193785438"  # 819-378-5438, the office's number in the seed document


def geo(prefix: str, number: str):
    return {
        prefix: number, f"{prefix}City": "TROIS-RIVIERES", f"{prefix}State": "QC",
        f"{prefix}Zip": "", f"{prefix}Country": "CA",
    }


def messagerie_chauffage():
    call, rec, tr = sid("CA"), sid("RE"), sid("TR")
    base = f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}"
    text = (
        "oui allô bonjour euh c'est madame rolande saint-pierre qui appelle je reste au deux mille "
        "quatre cent cinquante-cinq rue hart appartement cent huit euh c'est pour le chauffage ça "
        "marche pas comme du monde depuis quasiment une semaine là les calorifères sont juste tièdes "
        "pis le soir il fait dix-sept degrés dans l'appartement je suis obligée de rester avec ma "
        "veste pis une couverture j'ai quatre-vingt-deux ans vous savez euh j'ai appelé mardi passé "
        "pis personne est venu voir fait que si vous pouvez envoyer quelqu'un s'il vous plaît mon "
        "numéro c'est le huit un neuf cinq cinq cinq zéro un sept sept je répète huit un neuf cinq "
        "cinq cinq zéro un sept sept merci beaucoup bonne journée"
    )
    params = {
        "AccountSid": ACCOUNT,
        "ApiVersion": "2010-04-01",
        "CallSid": call,
        "CallStatus": "completed",
        **geo("Called", OMH_NUMBER),
        **geo("Caller", "+18195550177"),
        "CallerName": "",
        "Direction": "inbound",
        "ForwardedFrom": "",
        **geo("From", "+18195550177"),
        "RecordingDuration": "47",
        "RecordingSid": rec,
        "RecordingStatus": "completed",
        "RecordingUrl": f"{base}/Recordings/{rec}",
        **geo("To", OMH_NUMBER),
        "TranscriptionSid": tr,
        "TranscriptionStatus": "completed",
        "TranscriptionText": text,
        "TranscriptionType": "fast",
        "TranscriptionUrl": f"{base}/Recordings/{rec}/Transcriptions/{tr}",
    }
    (OUT / "messagerie-vocale-chauffage.json").write_text(
        json.dumps(params, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


# ---------------------------------------------------------------- 6b. real-time <Transcription>

def messagerie_gaz():
    call, gt = sid("CA"), sid("GT")
    # (transcript, confidence, final) in the order the engine emits them: partial hypotheses
    # (Final "false") are each superseded by the next event, up to the final one of the utterance.
    segments = [
        ("oui bonjour", 0.0, False),
        ("oui bonjour mon nom c'est kevin", 0.0, False),
        ("oui bonjour mon nom c'est kevin doucet je reste au trois mille", 0.0, False),
        ("Oui bonjour, mon nom c'est Kevin Doucet, je reste au 3175, rue Papineau, appartement 9.", 0.9134, True),
        ("ça sent le gars", 0.0, False),
        ("ça sent le gaz vraiment fort dans le corridor", 0.0, False),
        ("Ça sent le gaz vraiment fort dans le corridor du deuxième étage, depuis à peu près une demi-heure.", 0.8917, True),
        ("j'ai ouvert la fenêtre", 0.0, False),
        ("J'ai ouvert la fenêtre au bout du corridor puis j'ai cogné chez les voisins, l'odeur est plus forte proche de l'appartement 11.", 0.8702, True),
        ("je sais pas si on doit sortir", 0.0, False),
        ("je sais pas si on doit sortir tout le monde de la bâtisse rappelez-moi", 0.0, False),
        ("Je sais pas si on doit sortir tout le monde de la bâtisse. Rappelez-moi vite au 819 555-0163, c'est urgent.", 0.9241, True),
    ]
    common = {"AccountSid": ACCOUNT, "CallSid": call, "TranscriptionSid": gt}
    # Call answered 2026-11-25 18:47:02 EST = 23:47:02Z.
    t = 23 * 3600 + 47 * 60 + 2.316
    seq = 0

    def stamp():
        h, rem = divmod(t, 3600)
        m, s = divmod(rem, 60)
        return f"2026-11-25T{int(h):02d}:{int(m):02d}:{s:09.6f}Z"

    def event(kind, **extra):
        nonlocal seq
        seq += 1
        return {**common, "Timestamp": stamp(), "SequenceId": str(seq),
                "TranscriptionEvent": kind, **extra}

    events = [event(
        "transcription-started",
        TranscriptionEngine="google",
        ProviderConfiguration=json.dumps({
            "profanityFilter": "true", "speechModel": "telephony",
            "enableAutomaticPunctuation": "true",
        }, separators=(",", ":")),
    )]
    spoken = 0  # words already heard in the current utterance, about 0.35 s each
    for transcript, confidence, final in segments:
        words = len(transcript.split())
        t += max(0.5, (words - spoken) * 0.35) + RNG.uniform(0.1, 0.4)
        spoken = 0 if final else words
        if final:
            t += RNG.uniform(0.3, 0.6)  # endpointing delay before the final result
        data = {"transcript": transcript, "confidence": confidence}
        events.append(event(
            "transcription-content",
            LanguageCode="fr-CA",
            Track="inbound_track",
            TranscriptionData=json.dumps(data, ensure_ascii=False, separators=(",", ":")),
            Final="true" if final else "false",
        ))
    t += 3.2
    events.append(event("transcription-stopped"))
    (OUT / "messagerie-vocale-gaz.json").write_text(
        json.dumps(events, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


# ---------------------------------------------------------------- checks

def checks():
    print("pdftotext journal-du-bruit.pdf (first lines):")
    with tempfile.TemporaryDirectory() as d:
        import email
        m = email.message_from_bytes((OUT / "courriel-bruit-voisin.eml").read_bytes())
        pdf = next(p for p in m.walk() if p.get_filename() == "journal-du-bruit.pdf")
        Path(d, "j.pdf").write_bytes(pdf.get_payload(decode=True))
        out = run("pdftotext", "-layout", str(Path(d, "j.pdf")), "-").stdout.decode()
        print("  " + "\n  ".join(out.splitlines()[:6]))
        m = email.message_from_bytes((OUT / "telecopie-stationnement.eml").read_bytes())
        tif = next(p for p in m.walk() if p.get_filename() == "fax-8195550142.tif")
        Path(d, "f.tif").write_bytes(tif.get_payload(decode=True))
        for label, img in [("lettre-numerisee.png", OUT / "lettre-numerisee.png"),
                           ("fax-8195550142.tif", Path(d, "f.tif"))]:
            if shutil.which("tesseract"):
                ocr = run("tesseract", str(img), "-", "-l", "fra").stdout.decode()
                print(f"tesseract {label}: {len(ocr.split())} words; first lines:")
                print("  " + "\n  ".join([l for l in ocr.splitlines() if l.strip()][:5]))
    for f in sorted(OUT.iterdir()):
        if f.is_file():
            print(f"{f.stat().st_size:>8}  {f.name}")


def main():
    with tempfile.TemporaryDirectory(prefix="doleances-examples-") as d:
        journal, fax = render_documents(Path(d))
        courriel_deneigement()
        courriel_bruit(journal)
        courriel_fuite()
        telecopie(fax)
    messagerie_chauffage()
    messagerie_gaz()
    if "--no-check" not in sys.argv:
        checks()


if __name__ == "__main__":
    main()
