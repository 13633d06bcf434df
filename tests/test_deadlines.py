"""Dutch deadlines read as date ranges (nlp/deadlines.py): every rule, the paper's date for words without a
year, dates that are places not deadlines, and the first deadline by position when a sentence holds two."""
from __future__ import annotations

from datetime import date

import pytest

from nlp.commitments import deadline_of
from nlp.deadlines import RULES, parse_deadline, strip_places

SPRING_LETTER = date(2024, 3, 15)
AUTUMN_LETTER = date(2024, 9, 18)

# (words, paper's date, start, end)
CASES = [
    # seasons, with and without a year
    ("Wij sturen u dit voorjaar de evaluatie.", date(2024, 2, 1), date(2024, 3, 1), date(2024, 6, 20)),
    ("De nota volgt in het najaar.", SPRING_LETTER, date(2024, 9, 23), date(2024, 12, 20)),
    ("De nota volgt in het najaar.", date(2024, 12, 22), date(2025, 9, 23), date(2025, 12, 20)),
    ("Het plan komt in het voorjaar van 2025.", SPRING_LETTER, date(2025, 3, 1), date(2025, 6, 20)),
    ("Het plan komt in het voorjaar van 2025.", date(2026, 3, 15), date(2025, 3, 1), date(2025, 6, 20)),
    ("De brief was toegezegd voor het najaar van 2024.", date(2025, 5, 1), date(2024, 9, 23), date(2024, 12, 20)),
    ("Oplevering is voorzien voorjaar 2026.", date(2025, 1, 10), date(2026, 3, 1), date(2026, 6, 20)),
    ("Ik informeer u in de zomer van 2025 over de pilot.", SPRING_LETTER, date(2025, 6, 21), date(2025, 9, 22)),
    ("De regeling wordt komende zomer aangepast.", SPRING_LETTER, date(2024, 6, 21), date(2024, 9, 22)),
    ("Het onderzoek start volgend voorjaar.", SPRING_LETTER, date(2025, 3, 1), date(2025, 6, 20)),
    ("U ontvangt het in het voorjaar van volgend jaar.", date(2024, 10, 1), date(2025, 3, 1), date(2025, 6, 20)),
    # summer and the recesses; one already past when said is next year's
    ("Ik stuur de Kamer voor de zomer een brief.", SPRING_LETTER, date(2024, 1, 1), date(2024, 6, 30)),
    ("Ik stuur de Kamer vóór de zomer een brief.", AUTUMN_LETTER, date(2025, 1, 1), date(2025, 6, 30)),
    ("Het wetsvoorstel gaat voor de zomer van 2026 naar de Raad van State.", AUTUMN_LETTER,
     date(2026, 1, 1), date(2026, 6, 30)),
    ("Na de zomer volgt de uitwerking.", SPRING_LETTER, date(2024, 9, 1), date(2024, 12, 31)),
    ("De rapportage komt voor het zomerreces.", SPRING_LETTER, date(2024, 1, 1), date(2024, 7, 5)),
    ("De rapportage komt voor het zomerreces.", date(2024, 8, 20), date(2025, 1, 1), date(2025, 7, 5)),
    ("De reactie volgt na het zomerreces.", SPRING_LETTER, date(2024, 9, 1), date(2024, 12, 31)),
    ("Ik stuur het overzicht vóór het kerstreces.", date(2024, 10, 1), date(2024, 1, 1), date(2024, 12, 20)),
    # parts of a year, stated or relative to the paper's
    ("De monitor verschijnt eind dit jaar.", SPRING_LETTER, date(2024, 10, 1), date(2024, 12, 31)),
    ("De monitor verschijnt aan het einde van dit jaar.", SPRING_LETTER, date(2024, 10, 1), date(2024, 12, 31)),
    ("Vóór het einde van het jaar krijgt u een brief.", SPRING_LETTER, date(2024, 1, 1), date(2024, 12, 31)),
    ("Ik doe u begin volgend jaar een voorstel.", SPRING_LETTER, date(2025, 1, 1), date(2025, 3, 31)),
    ("De wet treedt eind volgend jaar in werking.", SPRING_LETTER, date(2025, 10, 1), date(2025, 12, 31)),
    ("De evaluatie volgt volgend jaar.", SPRING_LETTER, date(2025, 1, 1), date(2025, 12, 31)),
    ("Later dit jaar hoort u meer.", SPRING_LETTER, date(2024, 1, 1), date(2024, 12, 31)),
    ("Dit gebeurt in de tweede helft van 2025.", SPRING_LETTER, date(2025, 7, 1), date(2025, 12, 31)),
    ("Dit gebeurt in de eerste helft van volgend jaar.", SPRING_LETTER, date(2025, 1, 1), date(2025, 6, 30)),
    ("Het advies wordt medio 2025 verwacht.", SPRING_LETTER, date(2025, 5, 1), date(2025, 8, 31)),
    ("Het advies wordt halverwege 2025 verwacht.", SPRING_LETTER, date(2025, 5, 1), date(2025, 8, 31)),
    ("Het systeem draait begin 2026.", SPRING_LETTER, date(2026, 1, 1), date(2026, 3, 31)),
    ("De bouw is eind 2025 klaar.", SPRING_LETTER, date(2025, 10, 1), date(2025, 12, 31)),
    ("De app komt in de loop van 2025 beschikbaar.", SPRING_LETTER, date(2025, 1, 1), date(2025, 12, 31)),
    ("De herziening is in 2027 afgerond.", SPRING_LETTER, date(2027, 1, 1), date(2027, 12, 31)),
    # quarters
    ("U ontvangt in het eerste kwartaal van 2026 de evaluatie.", SPRING_LETTER, date(2026, 1, 1), date(2026, 3, 31)),
    ("Planning: Q3 2025.", SPRING_LETTER, date(2025, 7, 1), date(2025, 9, 30)),
    ("De aanbesteding start in Q4.", SPRING_LETTER, date(2024, 10, 1), date(2024, 12, 31)),
    ("Het besluit valt in het tweede kwartaal.", date(2024, 8, 1), date(2025, 4, 1), date(2025, 6, 30)),
    ("U wordt uiterlijk in het derde kwartaal van 2024 geïnformeerd.", SPRING_LETTER,
     date(2024, 7, 1), date(2024, 9, 30)),
    # months and days
    ("De Kamer krijgt vóór 1 juli een overzicht.", SPRING_LETTER, date(2024, 1, 1), date(2024, 6, 30)),
    ("De Kamer krijgt vóór 1 juli een overzicht.", date(2024, 9, 1), date(2025, 1, 1), date(2025, 6, 30)),
    ("Het plan ligt er uiterlijk 15 maart 2025.", SPRING_LETTER, date(2025, 1, 1), date(2025, 3, 15)),
    ("Het plan ligt er vóór 1 januari 2025.", SPRING_LETTER, date(2024, 1, 1), date(2024, 12, 31)),
    ("Eind maart volgt de brief.", date(2024, 2, 1), date(2024, 3, 20), date(2024, 3, 31)),
    ("Begin maart volgt de brief.", date(2024, 5, 15), date(2025, 3, 1), date(2025, 3, 10)),
    ("Medio juni 2025 is het rapport klaar.", SPRING_LETTER, date(2025, 6, 10), date(2025, 6, 20)),
    ("Ik kom hier in april op terug.", date(2024, 5, 15), date(2025, 4, 1), date(2025, 4, 30)),
    ("Ik kom hier in april op terug.", date(2024, 2, 1), date(2024, 4, 1), date(2024, 4, 30)),
    ("De verordening wordt in oktober 2024 gepubliceerd.", SPRING_LETTER, date(2024, 10, 1), date(2024, 10, 31)),
    ("U ontvangt de cijfers uiterlijk in juni.", SPRING_LETTER, date(2024, 6, 1), date(2024, 6, 30)),
    ("De regeling sluit in februari van 2028.", SPRING_LETTER, date(2028, 2, 1), date(2028, 2, 29)),
    # counts from the paper's date
    ("De staatssecretaris reageert binnen zes weken.", SPRING_LETTER, date(2024, 3, 15), date(2024, 4, 26)),
    ("Er volgt binnen 10 dagen een besluit.", SPRING_LETTER, date(2024, 3, 15), date(2024, 3, 25)),
    ("Er volgt binnen drie maanden een besluit.", date(2024, 1, 31), date(2024, 1, 31), date(2024, 4, 30)),
    ("De wet wordt binnen een jaar geëvalueerd.", SPRING_LETTER, date(2024, 3, 15), date(2025, 3, 15)),
]


@pytest.mark.parametrize(("text", "said", "start", "end"), CASES, ids=[f"{c[0][:40]}@{c[1]}" for c in CASES])
def test_a_deadline_becomes_its_date_range(text, said, start, end):
    found = parse_deadline(text, said)
    assert found is not None, text
    assert (found.start, found.end) == (start, end), found.text
    assert found.start <= found.end


def test_an_explicit_year_beats_the_papers_year_in_every_wording():
    # "het voorjaar" alone is a rule too: it must never win over the same words followed by a year
    for text in ("in het voorjaar van 2025", "het voorjaar van 2025", "Rond het voorjaar 2025", "vóór het voorjaar van 2025"):
        for said in (date(2024, 3, 15), date(2024, 11, 1), date(2026, 3, 15)):
            found = parse_deadline(text, said)
            assert (found.start, found.end) == (date(2025, 3, 1), date(2025, 6, 20)), (text, said, found)
    found = parse_deadline("Ik stuur u in het voorjaar van 2025 het plan.", date(2024, 3, 15))
    assert found.text == "in het voorjaar van 2025"  # the longest reading at that place
    # "voorjaarsoverleg" is no season: it used to stand first and give the paper's own spring
    found = parse_deadline("Het voorjaarsoverleg is afgerond; in het voorjaar van 2025 volgt het plan.", date(2024, 3, 15))
    assert (found.start, found.end) == (date(2025, 3, 1), date(2025, 6, 20))


@pytest.mark.parametrize("text", [
    "Het kabinet deelt de zorgen van de Kamer.",
    "In het commissiedebat van 7 februari 2024 is dit uitvoerig besproken.",
    "Sinds 1 januari 2023 geldt de nieuwe regeling.",
    "Per 1 juli gaat de regeling in.",
    "Binnen twee maanden na ontvangst van de aanvraag beslist de gemeente.",
    "Het voorjaarsoverleg ging over de Voorjaarsnota.",
    "Tijdens het zomerreces is het Binnenhof gesloten.",
    "De strategie voor 2020-2030 is vastgesteld.",
])
def test_no_deadline(text):
    assert parse_deadline(text, SPRING_LETTER) is None


def test_words_without_a_year_need_the_papers_date():
    assert parse_deadline("binnen zes weken", None) is None
    assert parse_deadline("dit voorjaar", None) is None
    found = parse_deadline("in het voorjaar van 2025", None)
    assert (found.start, found.end) == (date(2025, 3, 1), date(2025, 6, 20))


@pytest.mark.parametrize(("text", "said", "start", "end", "words"), [
    ("Ik stuur u in maart 2025 een plan en voor de zomer 2025 de uitwerking.", SPRING_LETTER,
     date(2025, 3, 1), date(2025, 3, 31), "in maart 2025"),
    ("Na de zomer volgt een brief; de evaluatie komt in het voorjaar van 2026.", SPRING_LETTER,
     date(2024, 9, 1), date(2024, 12, 31), "Na de zomer"),
    ("Eind maart ontvangt u de brief, in het voorjaar van 2025 het plan.", date(2024, 5, 15),
     date(2025, 3, 20), date(2025, 3, 31), "Eind maart"),
    ("Binnen zes weken reageer ik, en vóór 1 juli volgt het besluit.", SPRING_LETTER,
     date(2024, 3, 15), date(2024, 4, 26), "Binnen zes weken"),
])
def test_two_deadlines_in_one_sentence_give_the_first(text, said, start, end, words):
    found = parse_deadline(text, said)
    assert (found.start, found.end, found.text) == (start, end, words)


def test_the_date_a_promise_was_made_is_skipped_for_its_deadline():
    text = "Zoals besproken in het debat van 7 februari 2024 stuur ik u voor de zomer een brief."
    found = parse_deadline(text, SPRING_LETTER)
    assert (found.start, found.end, found.text) == (date(2024, 1, 1), date(2024, 6, 30), "voor de zomer")
    assert "7 februari" not in strip_places(text) and "voor de zomer" in strip_places(text)


def test_commitments_reads_deadlines_through_the_same_entry_point():
    text = "Het onderzoek is in het najaar van 2025 klaar."  # no promise: deadline_of falls back to the text
    assert deadline_of(text, SPRING_LETTER) == parse_deadline(text, SPRING_LETTER)
    assert len(RULES) >= 20  # one table for every form
