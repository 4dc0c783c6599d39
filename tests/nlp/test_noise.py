"""Real pages carry no-break spaces, tabs, runs of spaces, zero-width characters,
letters typed in decomposed Unicode, Windows line ends and line breaks inside sentences (a <br>
before a lower-case word or after "của", "tại" ...). Each dev text, with all of
these added at random (a fixed seed), gives the extraction of the clean text, at
offsets into the noisy text."""
import random
import re
import unicodedata

from nlp import extract

NOISE = {" ": ["\xa0", "  ", "\t", " \u200b", " \xa0"], "ệ": ["ê\u0323"], "ự": ["ư\u0323"], "ố": ["o\u0302\u0301"]}


BREAK = re.compile(r"(?<=\w) (?=[a-zđàáạâấầêếềôốồơớờưứừ])|(?<= tại) (?=[A-ZĐ])")


def noisy(text: str, rng: random.Random) -> str:
    text = BREAK.sub(lambda m: "\n" if rng.random() < 0.1 else " ", text)
    if rng.random() < 0.5:
        text = text.replace("\n", "\r\n")
    return "".join(rng.choice(NOISE[c]) if c in NOISE and rng.random() < 0.3 else c for c in text)


def seen(extraction):
    return ([(f.text, f.value, f.indicator) for f in extraction.figures], [m.name for m in extraction.models],
            [u.name for u in extraction.units], [(x.level, x.code) for x in extraction.localities],
            extraction.primary_locality and extraction.primary_locality.code)


def test_dev_texts_with_noise_give_the_clean_extraction(shared):
    rng = random.Random(7)
    for path in sorted((shared / "corpus" / "dev").glob("*.txt")):
        clean = path.read_text(encoding="utf-8")
        text = noisy(clean, rng)
        got = extract(text)
        assert seen(got) == seen(extract(clean)), path.name
        for f in got.figures:
            written = unicodedata.normalize("NFC", text[f.start:f.end]).replace("\u200b", "")
            assert " ".join(written.split()) == f.text, (path.name, f.text)
