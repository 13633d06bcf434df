"""Moties and toezeggingen: find them in statements, merge mentions, link answers, decide status.

Works over the whole store (a motion is mentioned in one paper and answered in another),
but every function here is pure: statements and documents in, records out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from ingest.metadata import DATE, MONTHS
from nlp.deadlines import DateRange, parse_deadline
from nlp.records import Link, Mention, Statement
from nlp.references import DEBATE, debate_id

VERZOEK = re.compile(r"\b(?:die de regering verzoekt|waarin (?:werd|wordt) verzocht|verzoekt de regering)\s+(?:om\s+)?(?P<verzoek>.+?)(?:\.\s*$|$)")

REGISTER = re.compile(
    r"^De toezegging,\s+gedaan tijdens (?:het |de )?(?P<debate>.+?)\s+van\s+(?P<date>\d{1,2}\s+\w+\s+\d{4})"
    r"(?:\s*\((?P<ref>[^)]*)\))?,\s+om\s+(?P<subject>.+?)\.?$"
)
FULFILLED = re.compile(
    r"(?P<subject>.*?),?\s*zoals toegezegd(?:\s+door\s+(?P<by>de\s+[A-Z][\w ]+?))?\s+tijdens\s+(?:het |de )?"
    r"(?P<debate>.+?)\s+van\s+(?P<date>\d{1,2}\s+\w+\s+\d{4})"
)


@dataclass
class Commitment:
    id: str
    kind: str  # motie | toezegging | afspraak (a party's promise in a regional pact: nlp/pact.py)
    indieners: list[str] = field(default_factory=list)
    kamerstuk_id: str | None = None
    by: str | None = None
    made_at: str | None = None  # debate or paper where it was made
    made_on: date | None = None
    subject: str | None = None
    verzoek: str | None = None
    deadline: DateRange | None = None
    mentions: list[Mention] = field(default_factory=list)
    answers: list[Link] = field(default_factory=list)
    status: str = "onbekend"  # afgedaan | deels | open | in uitvoering | vervangen | onbekend
    status_evidence: str = ""
    authoritative: bool = False  # from an ingested motie document itself
    vervangt: str | None = None  # a gewijzigde motie: the motion it replaces
    vervangen_door: str | None = None  # replaced by this gewijzigde motie
    question_ids: list[str] = field(default_factory=list)  # Antwoord blocks that answer it
    # How it was found, so that a reader sees why and can hide weak findings: the form (motie: document |
    # handelingen | het-lid | lid | leden | naam | nummer; toezegging: new | reported | fulfilled | register),
    # the rule that found it (``nlp.motie_mentions``, ``find_toezeggingen``) and how sure that rule is.
    found_as: str | None = None
    rule: str | None = None
    confidence: float = 1.0
    amount_eur: float | None = None  # an afspraak's money ("stelt € 2,5 miljoen beschikbaar")


# ---------------------------------------------------------------- toezeggingen: the forms
#
# A toezegging is a clause in which the government binds itself to an act:
#
#     WHO (a bewindspersoon, the kabinet, "ik"/"wij" in a letter)
#   + HOW it binds itself: a modal of intent (zal, ga, kom … terug, ben voornemens, streef …), the verb
#     toezeggen itself (zeg toe, heeft toegezegd, zoals toegezegd, conform mijn toezegging), or a plain
#     present tense with a time still to come ("Ik stuur uw Kamer voor de zomer …")
#   + WHAT (the act: informeren, sturen, evalueren, in gesprek gaan, …)
#   + WHEN (a deadline, normalised to a date range) and WHERE (the debate or paper it was made in).
#
# The same act said in the passive ("uw Kamer wordt … geïnformeerd", "de evaluatie wordt … toegezonden",
# "er volgt … een brief", "uw Kamer ontvangt …") binds whoever writes. A negative promise binds the
# government NOT to act until something has happened ("geen besluit … voordat …").
#
# It is not a toezegging when the clause is a question or asks for one (verb-first, "?", "verzoekt de
# regering", "vraagt de minister toe te zeggen"), when WHO is not the government (a Kamerlid, the
# commissie, the NZa, a gemeente), when the binding verb is negated without a bound ("ik kan niet
# toezeggen", "het kabinet zal de regeling niet verlengen": a refusal), hypothetical ("zou", "mocht",
# "eventueel", "overweegt"), or past ("heeft de Kamer geïnformeerd", "is … geëvalueerd").
#
# Every finding names the rule that made it and a confidence (see bench/toezegging_forms.py).

_W = r"[\w'’-]"
MINISTRY = r"[A-Z]" + _W + r"*(?:(?:,\s+|\s+en\s+|\s+)[A-Z]" + _W + r"*)*"
PERSON = (r"(?:(?:Van\s+(?:der\s+|den\s+|de\s+)?|De\s+|Ter\s+|"
          r"Den\s+)?[A-Z][a-zà-ÿ'’]+(?:-[A-Z][a-zà-ÿ'’]+)?(?:\s+[A-Z][a-zà-ÿ'’]+)?)")
ROLE = r"(?:[Mm]inister-[Pp]resident|[Mm]inister|[Ss]taatssecretaris|[Pp]remier|[Bb]ewindspersoon|[Bb]ewindslieden)"
ROLE_NP = rf"(?:[Dd]e\s+(?:toenmalige\s+|huidige\s+|demissionaire?\s+|nieuwe\s+)?{ROLE}(?:\s+(?:van|voor)\s+{MINISTRY})?)"
NAMED_ROLE = rf"(?:{ROLE}\s+{PERSON})"
COLLEAGUE = rf"(?:[Mm]ijn|[Oo]nze)\s+(?:ambtgeno(?:ot|te|ten|oten)|collega(?:'s)?|(?:ambts)?voorganger)(?:\s+(?:van|voor)\s+{MINISTRY})?"
BODY = (rf"(?:[Hh]et\s+[Kk]abinet|[Dd]e\s+[Rr]egering|[Hh]et\s+[Mm]inisterie(?:\s+van\s+{MINISTRY})?|"
        rf"[Mm]ijn\s+(?:[Mm]inisterie|departement))")
PRONOUN = r"(?:[Ii]k(?:zelf)?|[Ww]ij|[Ww]e)"
ATOM = rf"(?:{ROLE_NP}|{COLLEAGUE}|{BODY}|{NAMED_ROLE}|{PRONOUN})"
ACTOR = rf"(?:{ATOM}(?:\s*,\s*{ATOM})*(?:\s+en\s+{ATOM})?)(?![\w-])"
ACTOR_RE = re.compile(ACTOR)
# A cheap first look: a clause with none of these words names no government (the ACTOR pattern is costly).
GOV_WORD = re.compile(r"\b(?:ik|ikzelf|wij|we|kabinet|regering|minister\w*|staatssecretaris\w*|ministerie|premier|"
                      r"bewindspersoon|bewindslieden|ambtgeno\w+|\w*voorganger|collega\w*)\b", re.I)
FIRST_PERSON = re.compile(r"^(?:ik(?:zelf)?|wij|we)$", re.I)

# Infinitives of states and quantities: "zal … hebben", "zal … stijgen" forecast, they promise nothing.
STATIVE = {"hebben", "zijn", "blijven", "kosten", "bedragen", "bestaan", "dalen", "stijgen", "toenemen", "afnemen", "liggen",
           "staan", "duren", "voortduren", "uitkomen", "opleveren", "betekenen", "gelden", "vallen", "ontstaan"}
# Finite verbs that bind (modals of intent); "kom" only with "terug"/"met", "wil" only with an act of informing.
MODALS = {"zal", "zullen", "ga", "gaat", "gaan", "kom", "komt", "komen", "wil", "willen", "streef", "streeft", "streven",
          "ben", "is", "zijn", "verwacht", "verwachten"}
# Present-tense acts a bewindspersoon promises (1st/3rd person singular, plural).
_ACT_STEMS = ("stuur verstuur zend informeer bericht rapporteer meld deel bied leg kom ga licht laat geef breng betrek "
              "neem bekijk onderzoek verken werk zet start maak organiseer vraag zorg evalueer publiceer reageer "
              "actualiseer monitor pas stel voer richt ontwikkel houd doe bezie wijzig herzie verleng consulteer kijk zoek "
              "treed overleg schrijf verstrek presenteer lever inventariseer analyseer agendeer").split()
_ACT_IRREGULAR = {"ga": ["gaat", "gaan"], "kom": ["komt", "komen"], "doe": ["doet", "doen"], "bezie": ["beziet", "bezien"],
                  "herzie": ["herziet", "herzien"], "zend": ["zendt", "zenden"], "houd": ["houdt", "houden"],
                  "bied": ["biedt", "bieden"], "meld": ["meldt", "melden"], "stuur": ["stuurt", "sturen"],
                  "verstuur": ["verstuurt", "versturen"], "zet": ["zet", "zetten"], "pas": ["past", "passen"],
                  "leg": ["legt", "leggen"], "licht": ["licht", "lichten"], "laat": ["laat", "laten"],
                  "richt": ["richt", "richten"],
                  "bericht": ["bericht", "berichten"], "start": ["start", "starten"], "stel": ["stelt", "stellen"],
                  "betrek": ["betrekt", "betrekken"], "breng": ["brengt", "brengen"], "geef": ["geeft", "geven"],
                  "neem": ["neemt", "nemen"], "deel": ["deelt", "delen"], "voer": ["voert", "voeren"], "maak": ["maakt", "maken"],
                  "vraag": ["vraagt", "vragen"], "zorg": ["zorgt", "zorgen"], "werk": ["werkt", "werken"],
                  "kijk": ["kijkt", "kijken"], "zoek": ["zoekt", "zoeken"], "treed": ["treedt", "treden"],
                  "schrijf": ["schrijft", "schrijven"], "lever": ["levert", "leveren"], "verken": ["verkent", "verkennen"],
                  "overleg": ["overlegt", "overleggen"], "bekijk": ["bekijkt", "bekijken"],
                  "onderzoek": ["onderzoekt", "onderzoeken"], "verstrek": ["verstrekt", "verstrekken"],
                  "ontwikkel": ["ontwikkelt", "ontwikkelen"], "monitor": ["monitort", "monitoren"],
                  "wijzig": ["wijzigt", "wijzigen"], "verleng": ["verlengt", "verlengen"]}


def _forms(stem: str) -> list[str]:
    if stem in _ACT_IRREGULAR:
        return [stem, *_ACT_IRREGULAR[stem]]
    if stem.endswith("eer"):  # informeer → informeert, informeren
        return [stem, stem + "t", stem[:-3] + "eren"]
    return [stem, stem + "t", stem + "en"]


PRESENT_ACTS = {form for stem in _ACT_STEMS for form in _forms(stem)}
PRESENT_ACT = "|".join(sorted(PRESENT_ACTS, key=len, reverse=True))
COMMUNICATE = (r"(?:informeren|inlichten|sturen|toesturen|toe\s+te\s+sturen|zenden|toezenden|versturen|berichten|rapporteren|"
               r"melden|delen|aanbieden|aan\s+te\s+bieden|voorleggen|voor\s+te\s+leggen|terugkomen|terug\s+te\s+komen|"
               r"laten\s+weten|doen\s+toekomen|op\s+de\s+hoogte\s+(?:houden|stellen)|toelichten|toe\s+te\s+lichten)")
# Participles of the acts, for the passive.
SENT = (r"(?:ge[iï]nformeerd|ingelicht|(?:toe)?gestuurd|verstuurd|(?:toe)?gezonden|verzonden|aangeboden|voorgelegd|gedeeld|"
        r"gerapporteerd|gemeld|toegelicht|voorgehangen|op\s+de\s+hoogte\s+(?:gehouden|gesteld))")
PROCESSED = (r"(?:in\s+consultatie\s+(?:\w+\s+)?gebracht|ge[eë]valueerd|onderzocht|herzien|uitgewerkt|bekeken|"
             r"verkend|uitgezocht|nagegaan|opgesteld|aangepast|"
             r"gewijzigd|verlengd|gepubliceerd|uitgevoerd|uitgezet|afgerond|meegenomen|betrokken|ingediend|ingegaan|"
             r"gemonitord|geactualiseerd|gepresenteerd|verstrekt|bezien|ingericht|opgezet|"
             r"gestart|georganiseerd|geïnventariseerd|geanalyseerd|teruggekomen)")
PAPER = (r"(?:brief|reactie|kabinetsreactie|kabinetsstandpunt|evaluatie|rapportage|voortgangsrapportage|voortgangsbrief|"
         r"overzicht|wetsvoorstel|voorstel|nota|analyse|plan|visie|uitwerking|beantwoording|verslag|rapport|notitie|"
         r"verzamelbrief|appreciatie|update)")

NEG = re.compile(r"\b(?:niet|geen|niets|nooit|geenszins)\b", re.I)
BOUND = re.compile(r"\b(?:voordat|vóórdat|totdat|zolang|alvorens|vooruitlopend\s+op)\b|\bniet\s+eerder\b[^.;]{0,80}?\bdan\b|"
                   r"(?:^|,\s*)Tot\s+(?:de|het|dat)\b|\bzonder\b[^.;]{0,60}?\b(?:eerst|vooraf)\b", re.I)
CONJUNCTION = re.compile(r"\b(?:voordat|vóórdat|totdat|zolang|alvorens|nadat|zonder|als|wanneer|zodra)\b", re.I)
ONLY_AFTER = re.compile(r"\bpas\b[^.;]{0,100}?\b(?:nadat|na|als|wanneer|zodra)\b", re.I)
CONDITIONAL = re.compile(
    r"^(?:Mocht|Indien|Als|Ingeval|In\s+(?:het\s+)?geval|Bij\s+een)\b|\bmocht\b|\bindien\b|,\s*dan\s+(?:zal|zullen|"
    r"kan|kunnen|zou|ben|is)\b|"
    r"\bzou(?:den)?\b|\beventueel\b|\bdesgewenst\b|\boverweeg(?:t|en)?\b|\bsluit\b[^.;]{0,40}\bniet\s+uit\b|\bdenkbaar\b|"
    r"\bkan\s+(?:me|mij|ik\s+me|ik\s+mij)\s+voorstellen\b|\bhangt\s+af\s+van\b|\bin\s+theorie\b", re.I)
QUESTION_START = re.compile(r"^(?:Vraag\s+\d|(?:Kan|Kunt|Wil|Wilt|Is|Bent|Zal|Zult|Gaat|Gaan|Heeft|Hebt|Klopt|Deelt|Erkent|"
                            r"Herkent|Ziet|Mag|Kunnen|Willen|Zou|Zouden|Hoe|Waarom|Welke)\b)")
GOV_OBJECT = (r"(?:de\s+regering|het\s+kabinet|de\s+minister(?:-president)?|de\s+staatssecretaris|de\s+bewindspersoon|"
              r"de\s+bewindslieden|het\s+presidium|de\s+premier|u)")
REQUEST = re.compile(
    rf"\b(?:verzoek(?:t|en)?|verzocht|vraag(?:t)?|vragen|roep(?:t|en)?)\b[^.;]{{0,40}}?\b{GOV_OBJECT}\b|"
    rf"\b{GOV_OBJECT}\s+(?:\w+\s+){{0,2}}?(?:te\s+)?(?:vragen|verzoeken)\b|\bverzoek\s+aan\b|\bverzoekt\b|"
    r"\b(?:wordt|worden)\s+(?:\w+\s+)?verzocht\b|\bverzocht\s+wordt\b|\bgraag\s+ontvangen\b|\bom\s+een\s+toezegging\b|"
    r"\bspreekt\s+(?:\w+\s+){0,3}?uit\b|\bdraagt\s+(?:\w+\s+){0,3}?op\b", re.I)
GOV_ASKS = re.compile(r"\b(?:ik|wij|we)\s+(?:zal|zullen|ga|gaan)\b[^.;]{0,80}\bvragen\b|\b(?:zal|zullen|ga|"
                      r"gaan)\s+(?:ik|wij|we)\b[^.;]{0,80}\bvragen\b", re.I)
KAMERLID_ACT = re.compile(
    r"\b(?:motie|amendement|initiatiefwet\w*|initiatiefnota)\b[^.;]{0,40}\b(?:indienen|in\s+te\s+dienen|indien)\b|"
    r"\b(?:debat|dertigledendebat|hoorzitting|rondetafelgesprek)\b[^.;]{0,20}\baan(?:vragen|vraag|\s+te\s+vragen)\b|"
    r"\bschriftelijke\s+vragen\b|\bvragen\s+stellen\b|\b(?:mijn|onze)\s+fractie\b|\bnamens\s+(?:mijn|onze|de)\s+fractie\b", re.I)
PRESENT_FULFIL = re.compile(
    r"\b(?:hierbij|hiermee|bijgaand|bijgevoegd|hieronder|hierna|in\s+het\s+hiernavolgende|in\s+deze\s+paragraaf|"
    r"met\s+deze\s+(?:\w+\s+)?(?:brief|rapportage|voortgangsrapportage|nota|bijlage)|"
    r"in\s+deze\s+(?:\w+\s+)?(?:brief|rapportage|nota|bijlage)|in\s+de\s+bijlage|als\s+bijlage|deze\s+brief\s+vormt|"
    r"treft\s+u|vindt\s+u)\b", re.I)
PAST_NOW = re.compile(r"\b(?:inmiddels|intussen)\b", re.I)  # "is intussen ontvangen": a promise that was kept
PAST = re.compile(r"\b(?:sinds|reeds|vorig(?:e)?\s+(?:jaar|week|maand)|afgelopen\s+(?:jaar|najaar|voorjaar|zomer|"
                  r"week|maand)|eerder\s+dit\s+jaar|"
                  r"destijds|inmiddels|intussen)\b", re.I)
FUTURE = re.compile(
    r"\b(?:binnenkort|op\s+korte\s+termijn|spoedig|zo\s+(?:snel|spoedig)\s+mogelijk|te\s+zijner\s+tijd|"
    r"(?:in\s+)?de\s+komende\s+(?:weken|maanden|periode|jaren)|(?:in|bij)\s+(?:de|het)\s+(?:eerst)?volgende\s+\w+|zodra|"
    r"na\s+afronding|straks|later\s+dit\s+jaar|nog\s+dit\s+jaar|volgend\s+jaar|komend\s+jaar|voortaan|"
    r"in\s+het\s+vervolg|nog\s+nader|"
    r"(?:voor|vóór|bij)\s+(?:het|de)\s+(?:commissiedebat|debat|begrotingsbehandeling|behandeling|Voorjaarsnota|"
    r"Miljoenennota|Najaarsnota|begroting|voortgangsbrief|voortgangsrapportage|verzamelbrief)|"
    r"in\s+de\s+(?:Voorjaarsnota|Miljoenennota|Najaarsnota|voortgangsbrief|voortgangsrapportage|verzamelbrief)|"
    r"in\s+(?:de|die|deze)\s+(?:kabinetsreactie|beleidsreactie|kabinetsstandpunt))\b", re.I)
# A standing promise to report: counts as "to come" only for informing the Kamer.
HABIT = re.compile(r"\b(?:(?:half)?jaarlijks|ieder\s+(?:jaar|kwartaal|half\s+jaar)|elk\s+(?:jaar|kwartaal)|periodiek|"
                   r"maandelijks|per\s+kwartaal)\b", re.I)
# Wishes and norms, not promises: "het is belangrijk dat de Kamer wordt geïnformeerd", "deze leden willen dat …".
NORMATIVE = re.compile(r"\b(?:is|zijn|acht\w*|vind\w*)\s+(?:het\s+)?(?:\w+\s+)?(?:belangrijk|van\s+belang|wenselijk|"
                       r"nodig|noodzakelijk|"
                       r"essentieel|onwenselijk|onnodig)\b|\b(?:belangrijk|van\s+belang|wenselijk|nodig|noodzakelijk|"
                       r"essentieel)\s+"
                       r"(?:is|zijn|vind\w*|acht\w*)\s+dat\b|\b(?:wil|willen|wensen|wenst|verwacht|verwachten|hoop|"
                       r"hopen)\s+dat\b|"
                       r"\bwordt\s+verwacht\b|\bnaar\s+verwachting\s+zal\s+(?:de|het)\b", re.I)
# The verb toezeggen: who reports a promise, who fulfils one, who says it is not one.
TOEZEG_NOT = re.compile(
    r"\b(?:niet|nooit|niets|geen)\s+(?:\w+\s+){0,2}?toe(?:ge)?zeg|\bgeen\s+(?:harde\s+|concrete\s+)?toezegging|\bgeen\s+sprake\b|"
    r"\bniet\s+gekomen\b|\bzonder\s+iets\s+toe\s+te\s+zeggen\b|\bweiger\w*\b|\bonjuist\b|\bniet\s+juist\b|\bontken\w*\b|"
    r"\b(?:kan|kon|wil|wilde)\s+(?:\w+\s+){0,2}niet\s+(?:beloven|toezeggen)\b", re.I)
PLEDGE = re.compile(r"\btoegezegd\s+aan\s+(?!(?:[Uu]w|[Dd]e)\s+(?:Kamer|commissie)|het\s+lid|de\s+leden|u\b)|"
                    r"\btoegezegd\b[^.;]{0,40}(?:€|\beuro\b|\bmiljard|\bmiljoen)|(?:€|\beuro\b|\bmiljard|"
                    r"\bmiljoen)[^.;]{0,60}\btoegezegd\b", re.I)
TOEZEG_STATUS = re.compile(r"\b(?:afgedaan|ingetrokken|vervallen|nagekomen)\b", re.I)
FULFIL_CUE = re.compile(
    r"\bzoals\s+(?:eerder\s+|reeds\s+|destijds\s+|ook\s+|u\s+)?toegezegd\b|"
    r"\bzoals\s+(?P<zoals>[^,.;]{1,80}?)\s+(?:heb|hebben|heeft|had|hadden)\s+toegezegd\b|"
    r"\b(?:conform|volgens|ter\s+uitvoering\s+van|naar\s+aanleiding\s+van|in\s+lijn\s+met)\s+(?P<owner>mijn|onze|de|"
    r"deze|die|zijn|haar)\s+toezegging\b|"
    r"\b(?:invulling|uitvoering|gehoor)\s+(?:aan|van)\s+(?P<owner2>mijn|onze|de|deze)\s+toezegging\b|"
    r"\b(?:kom|doe|voldoe|geef)\s+(?:ik|wij|we)\s+(?:\w+\s+){0,3}?(?:aan\s+)?(?P<owner3>mijn|onze|de|deze)\s+toezegging\b|"
    r"\btoezegging\b[^.;]{0,120}?\bgestand\b|\bbeschouw\s+(?:ik|wij|we)\s+de\s+toezegging\b|"
    r"\b(?:de|het)\s+toegezegde\b", re.I)
REPORTED_CUE = re.compile(r"\btoegezegd\b|\bzegde\b[^.;]{0,120}?\btoe\b|\btoezegging\s+gedaan\b", re.I)
ZEGT_TOE = re.compile(rf"(?P<actor>{ACTOR})\s+(?P<verb>zegt|zeggen|zeg|zegde|zegden)\b(?P<mid>(?:(?!\bdat\b|"
                      rf"\bof\b)[^.;?]){{0,220}}?)\btoe\b(?![\w-])")
KAN_TOEZEGGEN = re.compile(r"\b(?:(?:ik|wij|we)\s+(?:kan|kunnen)\s+(?:u\s+|uw\s+Kamer\s+|de\s+Kamer\s+)?(?:wel\s+)?toezeggen|"
                           r"(?:kan|kunnen)\s+(?:ik|wij|we)\s+(?:u\s+|uw\s+Kamer\s+|de\s+Kamer\s+)?(?:wel\s+)?toezeggen|"
                           r"[Dd]at\s+zeg(?:gen)?\s+(?:ik|wij|we)\s+(?:u\s+)?toe)\b")
LIST_LEAD = re.compile(r"\bToezeggingen\b\s*[:.]?|\bde\s+volgende\s+toezeggingen\b[^:.–]{0,40}[:.]|"
                       r"\btoezeggingen\s+genoteerd\s*[:.]", re.I)
LIST_ITEM = re.compile(r"(?:(?<=\s)|^)(?:\d{1,2}[.)]|[-–•·])\s+(?=[A-Z])")
LIST_HEADING = re.compile(r"^\s*(?:\d+[.)]?\s*)?(?:(?:lijst|"
                          r"overzicht)\s+(?:van\s+)?(?:de\s+)?(?:\w+\s+)?)?toezeggingen\b[^.]{0,60}$", re.I)
TOEZEGGING_HEAD = re.compile(r"^Toezegging\b(?P<title>[^:]{0,200}):\s*(?P<rest>\S.*)$", re.S)
HEADER = re.compile(r"\bde\s+volgende\s+toezeggingen\b|^toezeggingen\s*:?$", re.I)
CONSIDERING = re.compile(r"^(?:constaterende|overwegende|van\s+mening|gelet\s+op|voorts|tevens|"
                         r"gehoord)\b[^.;]{0,40}?\bdat\b", re.I)
SPEAKER_PREFIX = re.compile(r"^(?P<who>(?:De\s+heer|Mevrouw|Het\s+lid|Minister|Staatssecretaris|De\s+minister|"
                            r"De\s+staatssecretaris|"
                            r"De\s+voorzitter|Voorzitter)\b[^:.?]{0,80}):\s+(?=\S)")
LEAD_NOISE = re.compile(r"^\s*(?:Antwoord\s+\d+[a-z]?\s*[:.]?\s*|\(cid:\d+\)\s*|[-–•·*]\s+|\d{1,2}[.)]\s+)+")
# Where it was made: a dated debate, a letter.
PLACE_DEBATE = re.compile(
    r"\b(?P<kind>commissiedebat|algemeen\s+overleg|AO|WGO|wetgevingsoverleg|notaoverleg|plenaire\s+debat|plenair\s+debat|debat|"
    r"tweeminutendebat|VAO|mondelinge\s+vragenuur|vragenuur|schriftelijk\s+overleg|begrotingsbehandeling)"
    r"(?P<subject>(?:\s+(?:[A-Z][\w&/-]*|en))*?)\s+(?:van|op|d\.d\.)\s+(?P<date>\d{1,2}\s+(?:" + "|".join(MONTHS) + r")\s+\d{4})")
PLACE_LETTER = re.compile(r"\b(?:in|bij|met)\s+(?:mijn|de|onze|zijn|haar)\s+(?:Kamer)?brief\s+van\s+(?P<date>\d{1,2}\s+(?:"
                          + "|".join(MONTHS) + r")\s+\d{4})", re.I)
PLACE_UNDATED = re.compile(
    r"\b(?:tijdens|in|bij|uit)\s+(?:het|de)\s+(?P<place>(?:commissiedebat|wetgevingsoverleg|notaoverleg|tweeminutendebat|"
    r"mondelinge\s+vragenuur|algemeen\s+overleg|begrotingsbehandeling|plenaire\s+debat|debat|rondetafelgesprek)"
    r"(?:\s+(?:over|inzake)\s+[^,.;]{1,60}?|(?:\s+[A-Z][\w&/-]*)*))(?=\s*[,.;]|\s+(?:heb|heeft|hebben|is|werd|"
    r"toegezegd|zal|gaan|gaat|ga|stuur|ontvangt)\b|$)")


@dataclass(frozen=True)
class Promise:
    """One toezegging found in a text: its form, the rule that found it and how sure the rule is."""

    form: str  # new | reported | fulfilled | register
    rule: str  # e.g. "modaal:zal", "passief:kamer-geinformeerd", "toezeggen:zegt-toe", "lijst:…"
    confidence: float
    actor: str | None  # as written: "ik", "het kabinet", "de Minister van Onderwijs, Cultuur en Wetenschap"
    act: str  # the promised act
    deadline: DateRange | None = None
    place: str | None = None  # the debate or letter it was made in ("CD Mobiliteit 2024-02-07", "brief 2023-12-12")
    negative: bool = False  # a promise not to act until …
    passive: bool = False  # the passive or impersonal form (no one named as doing it)
    start: int = 0  # offsets of the clause in the text given
    end: int = 0

    @property
    def category(self) -> str:
        """The form as the written test set names it: negative, list, passive, or the form."""
        if self.negative:
            return "negative"
        if self.rule.startswith("lijst"):
            return "list"
        if self.form == "new" and self.passive:
            return "passive"
        return self.form


def find_toezeggingen(text: str, reference: date | None = None, *, role: str | None = None, speaker: str | None = None,
                      section_path: list[str] | None = None) -> list[Promise]:
    """The toezeggingen in one statement (or a short passage). ``reference`` is the paper's date (for
    relative deadlines); ``role`` and ``speaker`` are the statement's (a Kamerlid's "ik zal" binds no
    government); ``section_path`` tells when the statement is an item of a list of toezeggingen."""
    if role in ("heading", "footnote", "question") or not text or not text.strip():
        return []
    speaker = speaker if isinstance(speaker, str) and speaker.strip() else None
    lead = LIST_LEAD.search(text)
    if lead:
        items = _list_items(text, lead.end())
        if items:
            found = [_analyse(text[s:e], s, reference, speaker, in_list=True) for s, e in items]
            return [p for p in found if p is not None]
    in_list = bool(section_path) and bool(LIST_HEADING.match(str(section_path[-1]).strip()))
    promise = _analyse(text, 0, reference, speaker, in_list=in_list)
    return [promise] if promise else []


def _list_items(text: str, after: int) -> list[tuple[int, int]]:
    marks = [m for m in LIST_ITEM.finditer(text) if m.start() >= after - 1]
    spans = []
    for number, mark in enumerate(marks):
        end = marks[number + 1].start() if number + 1 < len(marks) else len(text)
        spans.append((mark.end(), end))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _analyse(raw: str, offset: int, reference: date | None, speaker: str | None, in_list: bool) -> Promise | None:
    noise = LEAD_NOISE.match(raw)
    skip = noise.end() if noise else 0
    text = raw[skip:].strip()
    offset += skip + (len(raw[skip:]) - len(raw[skip:].lstrip()))
    if not text or _is_question(text) or (_is_request(text) and not GOV_ASKS.search(text)):
        return None
    if HEADER.search(text) and not LIST_ITEM.search(text):
        return None
    someone_else = REPORTED_CUE.search(text) and _promiser(text, FULFIL_CUE.search(text)) == ""
    if TOEZEG_NOT.search(text) or PLEDGE.search(text) or someone_else:
        return None  # about a promise not made, made by someone else (a gemeente, NS), or money pledged to others
    if NORMATIVE.search(text) and not FULFIL_CUE.search(text) and not REPORTED_CUE.search(text):
        return None  # a wish or a norm
    said = SPEAKER_PREFIX.match(text)  # "Mevrouw Kant (SP): …", "Minister Dijkgraaf: …" in a Handelingen line
    if said:
        speaker, text = said.group("who"), text[said.end():]
        offset += said.end()
    kamerlid = bool(speaker) and not re.search(r"minister|staatssecretaris|premier|bewindspersoon", speaker, re.I)
    promise = None
    for rule in (_register_line, _toezegging_head, _zegt_toe, _toezegging_cue, _negative, _modal, _present, _passive):
        promise = rule(text, reference, in_list)
        if promise is not None:
            break
    if promise is None and in_list:
        promise = _list_item(text, reference)
    if promise is None:
        return None
    if promise.actor and FIRST_PERSON.match(promise.actor) and (kamerlid or KAMERLID_ACT.search(text)):
        return None  # a Kamerlid's "ik zal een motie indienen"
    if CONSIDERING.match(text) and promise.form == "new":  # a motion's "constaterende dat het kabinet … zal …"
        promise = _replace(promise, form="reported", rule="overweging:" + promise.rule, confidence=min(promise.confidence, 0.8))
    if in_list and not promise.negative and promise.form != "register":
        promise = _replace(promise, form="register", rule="lijst:" + promise.rule, confidence=max(promise.confidence, 0.85))
    elif in_list and promise.form == "register" and not promise.rule.startswith(("lijst", "register")):
        promise = _replace(promise, rule="lijst:" + promise.rule)
    return _replace(promise, start=offset + promise.start, end=offset + promise.end)


def _replace(promise: Promise, **changes) -> Promise:
    return replace(promise, **changes)


def _is_request(text: str) -> bool:
    """Asks the government for something; "vragen" as a noun ("in antwoord op vragen van het lid X") asks nothing."""
    for match in REQUEST.finditer(text):
        noun = match.group(0).lower().startswith("vragen") and \
            re.search(r"\b(?:op|van|de|deze|die|beantwoording\s+van|antwoord\s+op)\s+$", text[:match.start()], re.I)
        if not noun:
            return True
    return False


def _is_question(text: str) -> bool:
    return text.rstrip(" \"'»”’)0123456789¹²³⁴⁵⁶⁷⁸⁹").endswith("?") or bool(QUESTION_START.match(text))


def _make(form: str, rule: str, confidence: float, text: str, actor: str | None, act: str, reference: date | None,
          *, negative: bool = False, passive: bool = False, deadline_in: str | None = None, place: str | None = None) -> Promise:
    """A finding of ``rule``. Its deadline is read from ``deadline_in`` (the whole text when None), raw:
    ``parse_deadline`` itself blanks the dates of where it was said ("in het debat van 7 februari")."""
    deadline = None if form == "fulfilled" else parse_deadline(deadline_in if deadline_in is not None else text, reference)
    if deadline is not None:
        confidence += 0.05
    return Promise(form, rule, round(min(confidence, 0.99), 2), actor.strip() if actor else None, act.strip(" ,;:."),
                   deadline, place or place_of(text), negative, passive, 0, len(text))


def _main_clause(text: str) -> str:
    """The text without its bound clause ("zolang X niet …", "voordat …", "pas … nadat …")."""
    bound = BOUND.search(text) or ONLY_AFTER.search(text)
    if bound is None:
        return text
    if text[:bound.start()].strip(" ,"):  # "… geen besluit voordat …", "… pas met de bouw begonnen nadat …"
        conjunction = CONJUNCTION.search(text, bound.start())
        return text[:conjunction.start()] if conjunction else text[:bound.start()]
    comma = text.find(",", bound.end())  # "Zolang X niet is afgerond, ga ik …": the bound clause runs to the comma
    return text[comma + 1:] if comma > 0 else text[bound.end():]


def _negated(text: str) -> bool:
    """Negation in the main clause, or a bound that is itself one ("niet eerder … dan")."""
    bound = BOUND.search(text)
    return bool(NEG.search(_main_clause(text))) or bool(bound and NEG.search(bound.group(0)))


def _bound(text: str) -> bool:
    return bool(BOUND.search(text) or ONLY_AFTER.search(text))


# ------------------------------------------------ the rules (each: text, reference date, in a list → Promise | None)

def _register_line(text: str, reference: date | None, in_list: bool) -> Promise | None:
    """The register's own line: "De toezegging, gedaan tijdens het AO X van <datum>, om …"."""
    match = REGISTER.match(text)
    if not match:
        return None
    debate = debate_id(*_debate_parts(match.group("debate")), match.group("date"))
    subject = match.group("subject")
    return _make("register", "register:gedaan-tijdens", 0.95, text, None, subject, reference, deadline_in=subject,
                 place=debate, negative=_negated(subject) and _bound(subject))


def _toezegging_head(text: str, reference: date | None, in_list: bool) -> Promise | None:
    """A register or list entry: "Toezegging: de minister stuurt …", "Toezegging <titel> (T01234): De minister zegt toe …"."""
    match = TOEZEGGING_HEAD.match(text)
    if not match:
        return None
    rest = match.group("rest")
    inner = None
    for rule in (_zegt_toe, _negative, _modal, _present, _passive):
        inner = rule(rest, reference, True)
        if inner is not None:
            break
    inner = inner or _list_item(rest, reference)
    if inner is None:
        return _make("register", "register:kop", 0.8, text, None, rest, reference)
    return _replace(inner, form="register", rule="register:kop+" + inner.rule, confidence=max(inner.confidence, 0.9),
                    start=0, end=len(text))


def _zegt_toe(text: str, reference: date | None, in_list: bool) -> Promise | None:
    """"De minister zegt (de Kamer) toe …" (the register's phrasing), "Ik zeg u toe …", "Dat kan ik toezeggen"."""
    if not re.search(r"\btoe(?:zeggen)?\b", text) or not GOV_WORD.search(text) or TOEZEG_NOT.search(text) or \
            CONDITIONAL.search(text):
        return None
    match = ZEGT_TOE.search(text)
    if match and match.group("actor"):
        actor, verb, act = match.group("actor"), match.group("verb").lower(), text[match.end():]
        negative = _negated(act) and _bound(act)
        if NEG.search(match.group("mid")):
            return None
        if verb in ("zegde", "zegden"):
            return _make("reported", "toezeggen:zegde-toe", 0.9, text, actor, act, reference, deadline_in=act, negative=negative)
        if FIRST_PERSON.match(actor):
            return _make("new", "toezeggen:ik-zeg-toe", 0.9, text, actor, act, reference, deadline_in=act, negative=negative)
        return _make("register", "toezeggen:zegt-toe", 0.95, text, actor, act, reference, deadline_in=act, negative=negative)
    match = KAN_TOEZEGGEN.search(text)
    if match and not NEG.search(text[:match.end()]):
        act = text[match.end():]
        return _make("new", "toezeggen:kan-toezeggen", 0.85, text, "ik", act, reference, deadline_in=act,
                     negative=_negated(act) and _bound(act))
    return None


def _toezegging_cue(text: str, reference: date | None, in_list: bool) -> Promise | None:
    """"Zoals toegezegd …", "conform mijn toezegging …", "de staatssecretaris heeft toegezegd …": a promise made
    earlier, fulfilled here (a present act: "hierbij", "met deze brief") or reported (still to come)."""
    lowered = text.lower()
    if "toez" not in lowered and "toeg" not in lowered and "zegde" not in lowered:
        return None
    cue = FULFIL_CUE.search(text)
    told = REPORTED_CUE.search(text)
    if not cue and not told:
        return None
    if TOEZEG_NOT.search(text) or CONDITIONAL.search(text):
        return None
    present = PRESENT_FULFIL.search(text)
    if TOEZEG_STATUS.search(text) and not present:
        return None  # "De toezegging … is afgedaan": about a promise, not one
    if cue is not None and any((cue.group(g) or "").lower() in ("deze", "die") for g in ("owner", "owner2", "owner3")):
        return None  # "naar aanleiding van deze toezegging …": an answer to the promise just named, not one of its own
    promiser = _promiser(text, cue)
    if promiser == "":
        return None  # someone else (a gemeente, NS) promised
    subject = _main_subject(text)
    negative = _negated(text) and _bound(text)
    place = place_of(text)
    future = not PAST_NOW.search(text) and (_future(text, reference) or bool(re.search(r"\b(?:zal|zullen|ga|gaat|"
                                                                                       r"gaan|volgt|volgen)\b", text, re.I)))
    anchor = (told or cue)
    act = text[anchor.end():] if told and (not cue or told.start() >= cue.start()) else text
    if negative:
        form = "fulfilled" if present else "reported"
        return _make(form, "toegezegd:negatief", 0.85, text, promiser or subject, act, reference, negative=True, place=place)
    if present:
        return _make("fulfilled", "toegezegd:hierbij", 0.9, text, promiser or subject, act, reference, place=place)
    if future:  # "conform de toezegging … zal ik …" renews the promise: the writer binds itself again
        rule = "toegezegd:herhaald" if subject and re.search(rf"\b(?:zal|zullen|ga|gaat|gaan)\s+{re.escape(subject)}\b|"
                                                              rf"\b{re.escape(subject)}\s+(?:zal|zullen|ga|gaat|gaan)\b", text) \
            else "toegezegd:vooruit"
        return _make("reported", rule, 0.85, text, subject or promiser, act, reference,
                     deadline_in=text if cue else act, place=place)
    adjective = cue is not None and cue.group(0).lower().startswith(("de toegezegde", "het toegezegde"))
    if told and re.search(r"\btoegezegd\b", text) and not adjective:
        if re.search(r"\bzoals\b[^,.;]{0,80}\btoegezegd\b", text, re.I):
            return _make("fulfilled", "toegezegd:zoals", 0.8, text, promiser or subject, act, reference, place=place)
        return _make("reported", "toegezegd:gemeld", 0.85, text, promiser, act, reference, deadline_in=act, place=place)
    if cue and re.match(r"(?:zoals|conform|volgens|ter|naar|in lijn)", cue.group(0), re.I):
        return _make("fulfilled", "toegezegd:conform", 0.75, text, promiser or subject, act, reference, place=place)
    return None


def _promiser(text: str, cue: re.Match | None) -> str | None:
    """Who made the promise the text refers to; "" when someone other than the government did."""
    match = re.search(rf"\btoegezegd\s+door\s+(?P<a>{ACTOR})", text) \
        or re.search(rf"\bdoor\s+(?P<a>{ACTOR})\s+(?:\w+\s+)?toegezegd\b", text) \
        or re.search(rf"\btoezegging\s+(?:\w+\s+){{0,3}}?van\s+(?P<a>{ACTOR})", text)
    if match:
        return match.group("a")
    if cue is not None:
        owner = next((cue.group(g) for g in ("owner", "owner2", "owner3") if cue.group(g)), None)
        if owner and owner.lower() == "mijn":
            return "ik"
        if owner and owner.lower() == "onze":
            return "wij"
        if cue.group("zoals"):
            named = ACTOR_RE.match(cue.group("zoals").strip())
            if named:
                return named.group(0)
    told = re.search(r"\b(?P<aux>heb|hebben|heeft|had|hadden)\b(?P<mid>[^.;]{0,120}?)\btoegezegd\b", text, re.I)
    if told:
        before = text[:told.start()].rstrip()
        after = re.match(rf"\s*(?P<a>{ACTOR})", text[told.end("aux"):])
        if after:
            return after.group("a")
        subject = re.search(rf"(?:^|[,;:]\s*|\b(?:en|maar|dat|zoals)\s+)(?P<a>{ACTOR})$", before)
        if subject:
            return subject.group("a")
        return ""  # "De gemeente heeft … toegezegd"
    zegde = re.search(rf"(?P<a>{ACTOR})\s+zegde\b", text)
    if zegde:
        return zegde.group("a")
    return None


def _main_subject(text: str) -> str | None:
    """The government subject of the clause's finite verb, if any: "zal ik", "Het kabinet zal", "stuur ik u"."""
    finite = rf"(?:{'|'.join(sorted(MODALS, key=len, reverse=True))}|{PRESENT_ACT}|informeer|bied)"
    inverted = re.search(rf"\b{finite}\s+(?P<a>{ACTOR})", text)
    first = re.search(rf"(?:^|[,;:]\s*|\b(?:en|maar|dan|daarom|ook|tevens)\s+)(?P<a>{ACTOR})\s+{finite}\b", text)
    found = [m for m in (inverted, first) if m]
    if not found:
        pronoun = re.search(r"(?<=[a-zà-ÿ] )(?P<a>ik|wij|we)\b|^(?P<b>Ik|Wij|We)\b", text)
        return (pronoun.group("a") or pronoun.group("b")) if pronoun else None
    return min(found, key=lambda m: m.start("a")).group("a")


def _negative(text: str, reference: date | None, in_list: bool) -> Promise | None:
    """Not to act until …: "Ik zal geen onomkeerbare stappen zetten voordat …", "Er worden geen vergunningen
    verleend zolang …", "Het kabinet neemt pas een besluit nadat …"."""
    only_after = ONLY_AFTER.search(text)
    if not ((BOUND.search(text) and _negated(text)) or only_after):
        return None
    main = _main_clause(text)
    if CONDITIONAL.search(text) or re.search(rf"(?:{ACTOR})\s+(?:kan|kunnen|moet|moeten|mag|mogen)\b|"
                                             rf"\b(?:kan|kunnen|moet|moeten|mag|mogen)\s+(?:{ACTOR})|"
                                             r"\b(?:kan|kunnen|moet|moeten|mag|mogen)\b(?:\s+\w+){0,6}\s+worden\b", main):
        return None  # "Het kabinet kan pas een besluit nemen als …": what is possible, not what is promised
    subject = _main_subject(text)
    if subject:
        return _make("new", "negatief:actief", 0.8, text, subject, text, reference, negative=True)
    if re.search(r"\b(?:wordt|worden)\b[^,.;]{0,80}?\b\w*(?:ge|be|ver|ont|her)\w+(?:d|t|en)\b(?!\s+dat\b)|"
                 r"\ber\s+(?:komt|komen)\b|"
                 r"\b(?:komt|komen)\s+er\b", main, re.I):
        return _make("new", "negatief:passief", 0.75, text, _agent(text), text, reference, negative=True, passive=True)
    return None


def _modal(text: str, reference: date | None, in_list: bool) -> Promise | None:
    """Government subject + a modal of intent: "Ik zal …", "Voor de zomer zal ik …", "Het kabinet komt met …",
    "waarover ik uw Kamer eind dit jaar zal informeren", "Ik ben voornemens …", "Ik streef ernaar …"."""
    if not GOV_WORD.search(text) or CONDITIONAL.search(text):
        return None
    for match in _modal_matches(text):
        actor, modal, act = match
        lowered = modal.lower()
        if lowered in ("kom", "komt", "komen") and not re.search(r"\bterug\b|^\s*(?:\w+\s+){0,6}?met\s+(?:een|het|de)\b", act):
            continue
        if lowered in ("wil", "willen") and not (re.search(rf"\b{COMMUNICATE}\b", act) and _future(act, reference)):
            continue
        if lowered in ("ben", "is", "zijn"):
            kind = re.match(r"\s*(?:\w+\s+){0,2}?(?P<k>voornemens|van\s+plan|bereid)\b", act)
            if not kind:
                continue
            if NEG.search(act[:kind.start("k")]):
                return None  # "Ik ben niet voornemens …": a refusal
            act = act[kind.end():]
        if lowered in ("verwacht", "verwachten") and not re.search(r"\bte\s+(?:kunnen\s+)?\w+en\b", act[:160]) or \
                lowered in ("verwacht", "verwachten") and re.match(r"\s*(?:dat|een|het|de)\b", act):
            continue
        if lowered in ("ga", "gaat", "gaan") and re.search(r"\bervan\s+uit\b|\buitgaan\b|^\s*(?:\w+\s+){0,2}?over\b", act):
            continue
        if lowered in ("ga", "gaat", "gaan") and PRESENT_FULFIL.search(text) and not _future(text, reference):
            continue  # "In het hiernavolgende ga ik in op …": done in this letter
        if re.match(r"\s*(?:\w+\s+){0,3}?moeten\b", act):
            continue
        last = re.findall(r"[a-zà-ÿ]+", _verb_group(act).lower())
        if lowered in ("zal", "zullen") and last and last[-1] in STATIVE:
            continue  # "Het kabinet zal daardoor minder inkomsten hebben": a forecast, not an act
        negative = _negated(act) and _bound(act)
        if NEG.search(_verb_group(act)) and not negative:
            return None  # a refusal: "Ik zal geen uitspraken doen", "Het kabinet zal de regeling niet verlengen"
        confidence = 0.8 + (0.1 if re.search(rf"\b(?:[Uu]w|[Dd]e)\s+Kamer\b|"
                                             rf"\bu\b", act) and re.search(rf"\b{COMMUNICATE}\b|\bterug\b|\bbrief\b", act) else 0)
        rule = "modaal:" + {"zullen": "zal", "gaat": "ga", "gaan": "ga", "komt": "kom", "komen": "kom", "willen": "wil",
                            "streeft": "streef", "streven": "streef", "is": "voornemens", "ben": "voornemens",
                            "zijn": "voornemens",
                            "verwachten": "verwacht"}.get(lowered, lowered)
        if lowered in ("wil", "willen", "verwacht", "verwachten"):
            confidence -= 0.1
        return _make("new", rule, confidence, text, actor, act, reference, negative=negative)
    return None


def _modal_matches(text: str):
    modal = "|".join(sorted(MODALS, key=len, reverse=True))
    found = []
    for m in re.finditer(rf"(?:^|[,;:]\s*|\b(?:en|maar|dan|daarom|ook|tevens|voorts|daarnaast|"
                         rf"zo)\s+)(?P<a>{ACTOR})\s+(?P<m>{modal})\b", text):
        found.append((m.start("a"), m.group("a"), m.group("m"), text[m.end():]))
    for m in re.finditer(rf"(?<!^)(?<![.!?]\s)\b(?P<m>{modal})\s+(?P<a>{ACTOR})", text):
        if m.start() == 0:
            continue
        found.append((m.start("m"), m.group("a"), m.group("m"), text[m.end():]))
    for m in re.finditer(rf"\b(?:dat|waarover|waarin|waarmee|waarna|waarbij|zodat|omdat|nu|zodra)\s+(?P<a>{ACTOR})\b"
                         r"(?P<mid>(?:(?!\b(?:heeft|heb|hebben|had|is|was|werd|dat|of|die|"
                         r"wat)\b)[^,.;]){0,100}?)(?<!\bte\s)\b(?P<m>zal|zullen)\b", text):
        if re.match(r"\s+(?:moeten|kunnen)\b", text[m.end():]):
            continue
        found.append((m.start("a"), m.group("a"), m.group("m"), m.group("mid") + text[m.end():]))
    for _, actor, modal_word, act in sorted(found, key=lambda f: f[0]):
        yield actor, modal_word, act


def _verb_group(act: str) -> str:
    """The words between the modal and the end of its clause, without a bound clause."""
    clause = re.split(r"[,;]|\b(?:voordat|totdat|zolang|alvorens|zodra|nadat|omdat|zodat|waarna|die|dat|"
                      r"wat)\b", act, maxsplit=1)[0]
    return clause


def _present(text: str, reference: date | None, in_list: bool) -> Promise | None:
    """Government subject + a present-tense act + a time still to come: "Ik stuur uw Kamer voor de zomer …",
    "Voor het einde van dit jaar stuur ik …", "Het kabinet komt voor de zomer met …"."""
    if not GOV_WORD.search(text) or CONDITIONAL.search(text) or PRESENT_FULFIL.search(text) or PAST.search(text):
        return None
    first = re.search(rf"(?:^|[,;:]\s*|\b(?:en|maar|dan|daarom|ook|tevens|"
                      rf"daarnaast)\s+)(?P<a>{ACTOR})\s+(?P<v>{PRESENT_ACT})\b", text)
    inverted = re.search(rf"(?<!^)\b(?P<v>{PRESENT_ACT})\s+(?P<a>{ACTOR})", text)
    found = [m for m in (first, inverted) if m and not (m is inverted and m.start() == 0)]
    opening = re.match(rf"\s*(?P<a>{ACTOR})\s+[a-zà-ÿ]+\b", text)
    if opening:  # "Ik kan X niet verklaren en laat hier nog nader naar kijken": the subject carries over
        also = re.search(rf"\b(?:en|maar)\s+(?P<v>{PRESENT_ACT})\b", text[opening.end():])
        if also:
            found.append(_Shared(opening.group("a"), opening.end() + also.end(), opening.start()))
    if not found:
        return None
    match = min(found, key=lambda m: m.start())
    if not (_future(text, reference) or in_list):
        return None
    act = text[match.end():]
    negative = _negated(text) and _bound(text)
    if NEG.search(_verb_group(act)) and not negative:
        return None
    return _make("new", "tegenwoordig+tijd", 0.75, text, match.group("a"), act, reference, negative=negative)


@dataclass(frozen=True)
class _Shared:
    """A subject shared by a coordinated verb (a stand-in for a match)."""
    actor: str
    end_at: int
    start_at: int

    def group(self, name: str) -> str:
        return self.actor

    def start(self) -> int:
        return self.start_at

    def end(self) -> int:
        return self.end_at


def _passive(text: str, reference: date | None, in_list: bool) -> Promise | None:
    """No one named as doing it: "Uw Kamer wordt voor de zomer geïnformeerd", "zal de Kamer … worden
    geïnformeerd", "De evaluatie wordt … aan uw Kamer toegezonden", "In 2025 wordt X geëvalueerd",
    "Er volgt voor het zomerreces een brief", "Uw Kamer ontvangt na de zomer een brief"."""
    if not re.search(r"\b(?:wordt|worden|zal|zullen|ontvangt|krijgt|volgt|volgen|komt|komen)\b", text, re.I) or \
            CONDITIONAL.search(text) or PRESENT_FULFIL.search(text) or PAST.search(text):
        return None
    aux = re.search(r"\b(?:wordt|worden|zal|zullen)\b", text, re.I)
    past = re.search(r"\b(?:is|werd|was|zijn|werden|waren)\b[^.;]{0,80}?\b" + SENT, text, re.I) and not aux
    kamer = re.search(r"\b(?:[Uu]w|[Dd]e|[Bb]eide)\s+Kamers?\b", text)
    negative = _negated(text) and _bound(text)
    if NEG.search(text) and not negative:
        return None
    if re.search(r"\b(?:kan|kunnen|moet|moeten|mag|mogen|dient|dienen)\b(?:\s+[\w-]+){0,8}?\s+(?:worden|zijn)\b|"
                 r"\b(?:worden|zijn|ge[iï]nformeerd)\s+(?:kan|kunnen|moet|moeten)\b", text, re.I):
        return None  # "kunnen … worden ingediend": what is possible
    informed = re.search(r"\b(?:[Uu]w|[Dd]e)\s+Kamer\b[^.;]{0,120}?\b(?:ge[iï]nformeerd|ingelicht|"
                         r"op\s+de\s+hoogte\s+(?:gehouden|gesteld))\b|"
                         r"\b(?:ge[iï]nformeerd|ingelicht)\s+(?:\w+\s+){0,2}?(?:wordt|worden|zal|zullen)\s+(?:[Uu]w|"
                         r"[Dd]e)\s+Kamer\b", text)
    recipient = re.search(r"\b(?:aan|naar|met|bij)\s+(?:[Uu]w|[Dd]e|beide)\s+Kamers?\b|\b(?:wordt|worden|zal|"
                          r"zullen)\s+(?:[Uu]w|[Dd]e)\s+Kamer\b|"
                          r"^(?:[^,.;]{0,60}\s)?(?:[Uu]w|[Dd]e)\s+Kamer\s+(?:\w+\s+){0,6}?" + SENT, text)
    if aux and kamer and _governed(text, SENT) and (informed or recipient):
        rule = "passief:kamer-geinformeerd" if informed else "passief:naar-kamer"
        return _make("new", rule, 0.85, text, _agent(text), text, reference, passive=True, negative=negative)
    receive = re.search(r"\b(?:(?:[Uu]w|[Dd]e)\s+Kamer|[Uu])\s+(?:ontvangt|krijgt)\b|\b(?:ontvangt|"
                        r"krijgt)\s+(?:[Uu]w|[Dd]e)\s+Kamer\b|\bontvangt\s+u\b|"
                        r"\b(?:[Uu]w|[Dd]e)\s+Kamer\s+(?:zal|zullen)\b[^.;]{0,100}?\b(?:ontvangen|krijgen)\b", text)
    if receive and not past:
        return _make("new", "passief:kamer-ontvangt", 0.8, text, None, text[receive.end():], reference, passive=True,
                     negative=negative)
    follows = re.search(rf"(?:\b[Ee]r\s+(?:volgt|volgen|komt|komen)|\b(?:volgt|"
                        rf"volgen)(?:\s+er)?)\s+(?:\w+\s+){{0,6}}?(?:een|de|het)\s+(?:\w+\s+)?{PAPER}\b|"
                        rf"\b{PAPER}\b[^.;]{{0,80}}?\b(?:volgt|volgen)\b", text, re.I)
    if follows and (_future(text, reference) or in_list):
        return _make("new", "passief:volgt", 0.75, text, None, text, reference, passive=True, negative=negative)
    to_come = aux is not None and (aux.group(0).lower() in ("zal", "zullen") or _future(text, reference, habit=False) or in_list)
    if to_come and _governed(text, PROCESSED):
        if aux.group(0).lower() in ("zal", "zullen") and not re.search(r"\bworden\b", text):
            return None  # "zal … dalen": a forecast, not a passive
        agent = _agent(text)
        if agent == "":
            return None  # done by someone else ("door de NZa")
        return _make("new", "passief:proces", 0.7, text, agent, text, reference, passive=True, negative=negative)
    return None


def _governed(text: str, participles: str) -> bool:
    """A participle of ``participles`` whose nearest auxiliary in its clause is present or future
    ("wordt … geïnformeerd", "zal … worden geëvalueerd"), not past ("is … ingediend")."""
    for match in re.finditer(rf"\b{participles}\b", text):
        clause = re.split(r"[;:]", text[max(0, match.start() - 160):match.start()])[-1]
        auxes = re.findall(r"\b(wordt|worden|zal|zullen|is|zijn|werd|werden|was|waren)\b", clause, re.I)
        after = re.match(r"\s+(wordt|worden)\b", text[match.end():])
        if after or (auxes and auxes[-1].lower() in ("wordt", "worden", "zal", "zullen")):
            return True
    return False


def _agent(text: str) -> str | None:
    """The government named in "door X" (None: no agent; "": an agent outside the government)."""
    match = re.search(r"\bdoor\s+(?P<rest>[^,.;]{1,80})", text)
    if not match:
        return None
    actor = ACTOR_RE.match(match.group("rest"))
    return actor.group(0) if actor else ""


def _list_item(text: str, reference: date | None) -> Promise | None:
    """An item of a toezeggingen list, in the present tense: "De minister stuurt de Kamer een brief over …"."""
    match = re.match(rf"\s*(?:(?:\w+\s+){{0,4}}?)(?P<a>{ACTOR})\s+(?P<v>[a-zà-ÿ]+)\b", text)
    if match and not re.match(r"(?:heeft|hebben|had|is|was|werd|kan|kon|moet)$", match.group("v")):
        if NEG.search(_verb_group(text[match.end():])) and not _bound(text):
            return None
        return _make("new", "item", 0.85, text, match.group("a"), text[match.end("a"):], reference)
    receive = re.search(r"\b(?:(?:[Uu]w|[Dd]e)\s+Kamer)\s+(?:ontvangt|krijgt|wordt)\b|\b(?:ontvangt|"
                        r"krijgt)\s+(?:[Uu]w|[Dd]e)\s+Kamer\b", text)
    if receive:
        return _make("new", "item", 0.85, text, None, text, reference, passive=True)
    return None


def _future(text: str, reference: date | None, habit: bool = True) -> bool:
    """A time still to come (or, with ``habit``, a standing "jaarlijks")."""
    if FUTURE.search(text) or (habit and HABIT.search(text)):
        return True
    deadline = parse_deadline(text, reference)
    return deadline is not None and (reference is None or deadline.end >= reference)


# ---------------------------------------------------------------- where and when

def place_of(text: str) -> str | None:
    """The debate or letter a promise was made in: "commissiedebat Mobiliteit van 7 februari 2024" →
    "CD Mobiliteit 2024-02-07"; "in mijn brief van 12 december 2023" → "brief 2023-12-12"."""
    match = DEBATE.search(text)
    if match:
        return debate_id(match.group(1), match.group(2), match.group(3))
    match = PLACE_DEBATE.search(text)
    if match:
        kind = re.sub(r"\s+", " ", match.group("kind"))
        subject = match.group("subject").strip()
        return " ".join(debate_id(kind, subject or "-", match.group("date")).replace(" - ", " ").split())
    match = PLACE_LETTER.search(text)
    if match:
        day = DATE.search(match.group("date"))
        return f"brief {int(day.group(3)):04d}-{MONTHS[day.group(2).lower()]:02d}-{int(day.group(1)):02d}"
    match = PLACE_UNDATED.search(text)
    if match:
        return " ".join(match.group("place").split())
    return None


# ---------------------------------------------------------------- the registry's entry points

def register_toezegging(text: str) -> dict | None:
    match = REGISTER.match(text.strip())
    if not match:
        return None
    return {"debate": debate_id(*_debate_parts(match.group("debate")), match.group("date")),
            "subject": match.group("subject"), "date_text": match.group("date")}


def fulfilment(text: str) -> dict | None:
    """A promise made in a named, dated debate and fulfilled here ("…, zoals toegezegd door de Minister van OCW
    tijdens het WGO Emancipatie van 2 november 2020"). A promise only reported ("zoals toegezegd tijdens … zal ik
    …") is not fulfilled: ``new_promise`` reads it."""
    if "zoals toegezegd" not in text:  # the pattern's lazy lead would otherwise be tried at every offset
        return None
    match = FULFILLED.search(text)
    if not match:
        return None
    found = _toezegging_cue(text.strip(), None, False)
    if found is not None and found.form == "reported":
        return None
    return {"subject": match.group("subject").strip(" ,:") or text, "by": (match.group("by") or "").strip() or None,
            "debate": debate_id(*_debate_parts(match.group("debate")), match.group("date"))}


def _debate_parts(debate: str) -> tuple[str, str]:
    match = DEBATE.match(debate + " van 1 januari 2000")
    if match:
        return match.group(1), match.group(2)
    kind, _, subject = debate.partition(" ")
    return kind, subject


def promises_of(statement: Statement, reference: date | None = None) -> list[Promise]:
    """Every toezegging in a statement (its text, role, speaker and section path are read)."""
    return find_toezeggingen(statement.text, reference, role=statement.role, speaker=statement.speaker,
                             section_path=[str(p) for p in statement.section_path])


def paper_toezeggingen(rows: list[Statement], reference: date | None = None) -> list[tuple[Statement, Promise]]:
    """Every toezegging of one paper's statements, in order, as (statement row, Promise). Unlike ``new_promise``
    it sees a list across statements: after a line "Toezeggingen:" (or a heading "Toezeggingen") the items
    that follow are toezeggingen in the present tense too, until the list ends."""
    out: list[tuple[Statement, Promise]] = []
    listing = False
    for row in rows:
        text = row.text.strip()
        if row.role == "heading":
            listing = bool(LIST_HEADING.match(text))
            continue
        lead = LIST_LEAD.match(text) or re.match(r"^(?:De\s+voorzitter:\s*)?(?:Ik\s+heb\s+)?de\s+volgende\s+toezeggingen\b",
                                                 text, re.I)
        if lead and not LIST_ITEM.search(text, lead.end()):
            listing = True
            continue
        path = [str(p) for p in row.section_path]
        found = find_toezeggingen(text, reference, role=row.role, speaker=row.speaker,
                                  section_path=path + ["Toezeggingen"] if listing else path)
        if listing and not found and row.role != "list_item" and not LIST_ITEM.match(text):
            listing = False  # a paragraph that is no item: the list has ended
        out.extend((row, promise) for promise in found)
    return out


def new_promise(statement: Statement) -> dict | None:
    """A toezegging stated here (the first, when a statement holds a list); questions asking for one are not
    promises. ``reported`` marks a promise made earlier and only reported or fulfilled here (one the writer
    renews — "conform de toezegging … zal ik …" — is not); its ``subject`` is then what was promised.
    ``form``, ``rule``, ``confidence``, ``place`` and ``all`` (every promise in the statement) come from
    ``find_toezeggingen``."""
    found = promises_of(statement)
    if not found:
        return None
    first = found[0]
    text = statement.text.strip()
    reported = first.form in ("reported", "fulfilled") and first.rule != "toegezegd:herhaald"
    subject = first.act if reported and first.form == "reported" and first.act and len(first.act) < len(text) - 8 else text
    return {"actor": first.actor, "subject": subject or text, "reported": reported,
            "form": first.form, "category": first.category,
            "rule": first.rule, "confidence": first.confidence, "act": first.act, "place": first.place,
            "negative": first.negative, "passive": first.passive,
            "deadline_text": first.deadline.text if first.deadline else None,
            "all": [_as_dict(p) for p in found]}


def _as_dict(promise: Promise) -> dict:
    return {"form": promise.form, "category": promise.category, "rule": promise.rule, "confidence": promise.confidence,
            "actor": promise.actor, "act": promise.act, "place": promise.place, "negative": promise.negative,
            "passive": promise.passive, "start": promise.start, "end": promise.end,
            "deadline": [promise.deadline.start.isoformat(), promise.deadline.end.isoformat(), promise.deadline.text]
            if promise.deadline else None}


def resolve_actor(actor: str | None, statement: Statement, bewindspersoon: str | None) -> str:
    """Who made the promise, for the registry: "ik"/"wij" is the speaker or the paper's bewindspersoon."""
    me = statement.speaker or bewindspersoon
    if not actor or FIRST_PERSON.match(actor.strip()):
        return me or "kabinet"
    lowered = actor.lower()
    if lowered.startswith(("het kabinet", "de regering")):
        return "kabinet"
    if re.match(r"(?:het\s+|mijn\s+)?(?:ministerie|departement)\b", lowered):
        return me or "kabinet"  # a ministry acts; its bewindspersoon promises
    actor = re.sub(r"\s+en\s+ik(?:zelf)?$", f" en {me}" if me else " en ik", actor.strip())
    return actor.removeprefix("De ").removeprefix("de ").removeprefix("Mijn ").removeprefix("mijn ")


def deadline_of(text: str, reference: date | None) -> DateRange | None:
    """The deadline of the promise in ``text`` (the act's time, not when it was said), else the first one stated."""
    found = find_toezeggingen(text, reference)
    if found:
        return found[0].deadline
    return parse_deadline(text, reference)
