"""Written region examples that tests/test_regions.py asserts on and bench/regions.py measures with (issue 20):
a one-region paper, and knelpunt forms of pacts with their near misses. All written for this."""
from __future__ import annotations

# A small paper about one region, written for this test (and bench/regions.py): the title names Twente,
# most sentences name no place, one names another region (Zeeland), one a Twente place (Enschede).
ONE_REGION_PAPER = """# Regionale Techniekagenda Twente 2025–2027

## Aanleiding

Technische bedrijven vinden moeilijk nieuwe monteurs en operators.
Het aantal leerlingen dat voor een technisch profiel in het vmbo kiest, is de afgelopen jaren gedaald.
Veel werkgevers in de maakindustrie hebben vacatures voor technici die lang openstaan.
Net als in Zeeland zoeken procesbedrijven dringend operators met een mbo-diploma.

## Wat de partners doen

- De hogeschool start een deeltijdopleiding werktuigbouwkunde voor werkenden in de techniek.
- Het mbo-college verdubbelt het aantal bbl-plaatsen in de installatietechniek.
- Werkgevers bieden samen tweehonderd extra stageplaatsen voor mbo-studenten techniek aan.
- De gemeenten financieren techniekcoaches op alle basisscholen voor wetenschap en technologie.
- In Enschede opent een praktijkcentrum voor omscholing van zij-instromers naar technische beroepen.
- Het UWV begeleidt werkzoekenden naar een omscholingstraject in de techniek.

## Monitoring

De partners meten elk jaar de instroom in technische opleidingen en de vacatures in de techniek.
Het platform van werkgevers en onderwijs bespreekt de voortgang twee keer per jaar.
"""

# Pact forms of a bottleneck (knelpunt by the hand labels' convention: the statement says there is one).
KNELPUNT_FORMS = [
    "Ruim de helft van de werkgevers heeft moeilijk vervulbare vacatures voor monteurs.",
    "Er is een mismatch tussen wat de opleidingen bieden en wat de bedrijven vragen.",
    "De krapte op de technische arbeidsmarkt is het grootst bij elektromonteurs.",
    "De arbeidsmarkt in de regio is in korte tijd omgeslagen van ruim naar zeer krap.",
    "De uitstroom van oudere vakmensen door pensionering neemt de komende jaren sterk toe.",
    "De komende vijf jaar stromen naar schatting 6.500 technici uit door pensionering.",
    "Veel technische vacatures blijven maandenlang onvervuld.",
    "Een groot deel van de vacatures kan niet worden vervuld.",
    "Het personeelsbestand in de installatiebranche vergrijst snel.",
    "Veel opleidingen sluiten niet goed aan op wat de regionale werkgevers vragen.",
]
# The same words without a bottleneck. ("Krapte in de planning" is left out on purpose: it names a
# problem too, if not one of the labour market, and the hand labels count any problem.)
KNELPUNT_NEAR_MISSES = [
    "De uitstroom van het water via de sluis wordt dagelijks gemeten.",
    "Na het diploma volgt de uitstroom van studenten naar een baan in de regio.",
    "Het uitstroomprofiel van de opleiding beschrijft wat een student na afloop kan.",
    "De vacatures voor de nieuwe leerwerkplekken zijn inmiddels allemaal vervuld.",
    "De match tussen leerling en leerbedrijf verloopt via het regionale leerwerkloket.",
    "Werkgevers en scholen sluiten een convenant af over stageplaatsen.",
]
