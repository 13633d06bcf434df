-- Kamerspoor store. One DuckDB file; every table keyed by document id.
-- Offsets (start/end) are character offsets into documents.text.

CREATE TABLE IF NOT EXISTS store_info (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR
);

CREATE TABLE IF NOT EXISTS documents (
    id             VARCHAR PRIMARY KEY,   -- kst-32637-433, or a slug of the file name
    kamerstuk_id   VARCHAR,
    doc_type       VARCHAR NOT NULL,      -- brief | motie | kamervragen | besluitenlijst | verslag_schriftelijk_overleg | verslag_overleg | rapport | other
    title          VARCHAR,
    date           DATE,
    vergaderjaar   VARCHAR,
    dossiers       VARCHAR[],
    ondernummer    VARCHAR,
    bewindspersoon VARCHAR,
    pages          INTEGER,
    ocr_pages      INTEGER[],
    text           VARCHAR NOT NULL,
    text_source    VARCHAR NOT NULL,      -- the file whose text this is
    text_priority  INTEGER NOT NULL,      -- xml 4 > pdf 3 > pdf-text 2 > markdown/text 1
    fingerprint    UBIGINT[],
    warnings       VARCHAR[],
    ingested_at    TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS sources (       -- every file a document came from
    doc_id   VARCHAR NOT NULL,
    path     VARCHAR NOT NULL,
    sha256   VARCHAR NOT NULL,
    size     BIGINT NOT NULL,
    format   VARCHAR NOT NULL,
    added_at TIMESTAMP NOT NULL,
    PRIMARY KEY (path, sha256)
);

CREATE TABLE IF NOT EXISTS blocks (
    doc_id  VARCHAR NOT NULL,
    seq     INTEGER NOT NULL,
    page    INTEGER NOT NULL,
    kind    VARCHAR NOT NULL,             -- heading | paragraph | list_item | table | footnote
    level   INTEGER NOT NULL,
    italic  BOOLEAN NOT NULL,
    bold    BOOLEAN NOT NULL,
    start   INTEGER NOT NULL,
    "end"   INTEGER NOT NULL,
    text    VARCHAR NOT NULL,
    PRIMARY KEY (doc_id, seq)
);

CREATE TABLE IF NOT EXISTS footnotes (
    doc_id     VARCHAR NOT NULL,
    number     VARCHAR NOT NULL,
    page       INTEGER NOT NULL,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    mark_start INTEGER,                   -- where its reference mark stands in the body
    text       VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS ingest_log (
    run_id    VARCHAR NOT NULL,
    logged_at TIMESTAMP NOT NULL,
    path      VARCHAR NOT NULL,
    sha256    VARCHAR,
    outcome   VARCHAR NOT NULL,           -- new | replaced | merged | unchanged | failed | warning
    doc_id    VARCHAR,
    message   VARCHAR
);

CREATE TABLE IF NOT EXISTS statements (    -- issue 3: the unit users search, label and cite
    id           VARCHAR PRIMARY KEY,         -- "<doc_id>#<seq>"
    doc_id       VARCHAR NOT NULL,
    seq          INTEGER NOT NULL,
    block_seq    INTEGER NOT NULL,
    page         INTEGER NOT NULL,
    start        INTEGER NOT NULL,
    "end"        INTEGER NOT NULL,
    text         VARCHAR NOT NULL,
    role         VARCHAR NOT NULL,            -- body | heading | list_item | question | answer | footnote | table
    section_path VARCHAR[] NOT NULL,
    speaker      VARCHAR,
    question_id  VARCHAR,
    answer_to    VARCHAR,
    refs         VARCHAR[] NOT NULL,          -- normalised references: 32637-391, AO Techniekpact 2019-10-08
    lemmas       VARCHAR NOT NULL,
    n_terms      INTEGER NOT NULL             -- search terms in the statement (BM25 length)
);

CREATE TABLE IF NOT EXISTS statement_terms (   -- issue 6: the keyword index, one row per term per statement
    term_hash    BIGINT NOT NULL,             -- nlp.terms.term_hash: postings are filtered on integers
    statement_id VARCHAR NOT NULL,
    doc_id       VARCHAR NOT NULL,
    tf           SMALLINT NOT NULL,
    n_terms      SMALLINT NOT NULL            -- the statement's length, kept here to spare a join
);

CREATE TABLE IF NOT EXISTS search_terms (      -- every indexed term once: spelling variants are found here
    term      VARCHAR PRIMARY KEY,
    term_hash BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS vector_centroids (  -- issue 6: the IVF index over statement_vectors (empty = exact search)
    cluster  INTEGER PRIMARY KEY,
    centroid FLOAT[] NOT NULL
);

CREATE TABLE IF NOT EXISTS qa_pairs (
    doc_id         VARCHAR NOT NULL,
    question_id    VARCHAR NOT NULL,
    question_start INTEGER NOT NULL,
    question_end   INTEGER NOT NULL,
    answer_start   INTEGER NOT NULL,
    answer_end     INTEGER NOT NULL,
    asked_by       VARCHAR,
    answered_by    VARCHAR
);

CREATE TABLE IF NOT EXISTS statement_labels (  -- issue 4: every label with its score and why
    statement_id VARCHAR NOT NULL,
    doc_id       VARCHAR NOT NULL,
    label_set    VARCHAR NOT NULL,            -- actielijn | doel | thema | landsdeel | knelpunt
    label_id     VARCHAR NOT NULL,
    score        FLOAT NOT NULL,              -- in [0, 1]
    method       VARCHAR NOT NULL,            -- section | place | cue | head | embedding, joined by +
    reason       VARCHAR NOT NULL
);

-- search results fetch their labels by statement: without this, every search scans all labels
CREATE INDEX IF NOT EXISTS statement_labels_by_statement ON statement_labels (statement_id);

CREATE TABLE IF NOT EXISTS embedding_cache (   -- vectors by text hash, per model
    model  VARCHAR NOT NULL,
    key    VARCHAR NOT NULL,                  -- sha1 of prompt kind + text
    vector FLOAT[] NOT NULL,
    PRIMARY KEY (model, key)
);

CREATE TABLE IF NOT EXISTS commitments (       -- issue 5: moties and toezeggingen, rebuilt after each ingest
    id              VARCHAR PRIMARY KEY,      -- 32637-391, motie-5, toezegging-3
    kind            VARCHAR NOT NULL,         -- motie | toezegging | afspraak (regional pact)
    kamerstuk_id    VARCHAR,
    indieners       VARCHAR[],
    made_by         VARCHAR,
    made_at         VARCHAR,                  -- debate ("AO Techniekpact 2019-10-08") or paper id
    made_on         DATE,
    subject         VARCHAR,
    verzoek         VARCHAR,
    deadline_start  DATE,
    deadline_end    DATE,
    deadline_text   VARCHAR,
    status          VARCHAR NOT NULL,         -- afgedaan | deels | in uitvoering | open | vervangen | onbekend
    status_evidence VARCHAR,
    first_doc       VARCHAR,
    last_doc        VARCHAR,
    vervangt        VARCHAR,                  -- issue 9: a gewijzigde motie and the one it replaces
    vervangen_door  VARCHAR,
    found_as        VARCHAR,                  -- issue 17: how it was found (document | handelingen | het-lid | … ;
    rule            VARCHAR,                  --   new | reported | fulfilled | register), the rule that found it
    confidence      DOUBLE,                   --   and how sure that rule is (0–1)
    amount_eur      DOUBLE                    -- issue 20: an afspraak's money
);

CREATE TABLE IF NOT EXISTS commitment_mentions (
    commitment_id VARCHAR NOT NULL,
    doc_id        VARCHAR NOT NULL,
    statement_id  VARCHAR NOT NULL,
    page          INTEGER,
    text          VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS commitment_links (  -- ranked answering statements
    commitment_id VARCHAR NOT NULL,
    rank          INTEGER NOT NULL,
    doc_id        VARCHAR NOT NULL,
    statement_id  VARCHAR NOT NULL,
    page          INTEGER,
    text          VARCHAR NOT NULL,
    score         FLOAT NOT NULL,
    evidence      VARCHAR NOT NULL             -- antwoord | vervulling | gelijkenis
);

-- issue 9: the fixed forms of moties, Kamervragen and besluitenlijsten, one table per form.
CREATE TABLE IF NOT EXISTS motie_forms (       -- a motie document's own text: the authoritative record
    doc_id         VARCHAR PRIMARY KEY,
    kamerstuk_id   VARCHAR,                    -- 32637-611
    title          VARCHAR NOT NULL,
    indieners      VARCHAR[],
    partijen       VARCHAR[],                  -- parallel to indieners; NULL where the form names none
    voorgesteld    DATE,
    considerations VARCHAR[],                  -- "constaterende dat …", "overwegende dat …"
    dictum         VARCHAR[],                  -- "verzoekt de regering …", "spreekt uit dat …"
    addressee      VARCHAR,                    -- "de regering"; NULL when the Kamer speaks for itself
    vervangt       VARCHAR,                    -- a gewijzigde motie: the motion it replaces
    closed         BOOLEAN                     -- "en gaat over tot de orde van de dag" present
);

CREATE TABLE IF NOT EXISTS handelingen_moties (  -- issue 17: moties read out in the Handelingen, numbered by the chair
    doc_id         VARCHAR NOT NULL,
    kamerstuk_id   VARCHAR NOT NULL,           -- 32637-613, from "Zij krijgt nr. 613 (32637)."
    title          VARCHAR NOT NULL,
    indieners      VARCHAR[],
    voorgesteld    DATE,                       -- the day of the debate
    considerations VARCHAR[],
    dictum         VARCHAR[],
    addressee      VARCHAR,
    vervangt       VARCHAR                     -- a gewijzigde motie ("Zij krijgt nr. 640, was nr. 633"): 32637-633
);

CREATE TABLE IF NOT EXISTS kamervragen_sets (  -- schriftelijke vragen (Aanhangsel); the pairs are in qa_pairs
    doc_id       VARCHAR PRIMARY KEY,
    id           VARCHAR,                      -- ah-tk-20232024-1314
    askers       VARCHAR[],
    partijen     VARCHAR[],
    addressee    VARCHAR,
    subject      VARCHAR,
    asked_on     DATE,
    answered_by  VARCHAR,
    answered_on  DATE,
    mededeling   BOOLEAN,                      -- answered by a Mededeling instead of per question
    questions    INTEGER[],
    answered     INTEGER[]
);

CREATE TABLE IF NOT EXISTS besluiten (         -- one row per decision of a committee besluitenlijst
    doc_id        VARCHAR NOT NULL,
    meeting       VARCHAR,
    meeting_date  DATE,
    commissie     VARCHAR,
    agendapunt    INTEGER NOT NULL,
    rubriek       VARCHAR,
    onderwerp     VARCHAR NOT NULL,
    zaak          VARCHAR,                     -- NULL: decided on the agenda item itself
    refs          VARCHAR[],                   -- Kamerstukken / zaaknummers the zaak (or item) names
    besluit       VARCHAR,                     -- NULL: an item without a decision
    noot          VARCHAR,
    page          INTEGER
);

-- issue 16: the Kamer's own record (open data), loaded by `kamerspoor tk load`; one row per zaak /
-- register entry, replaced by a newer version of the same record (ApiGewijzigdOp).
CREATE TABLE IF NOT EXISTS tk_zaken (
    zaak_id             VARCHAR PRIMARY KEY,    -- the service's GUID
    nummer              VARCHAR NOT NULL,       -- 2024Z03050
    soort               VARCHAR NOT NULL,       -- Motie | Toezegging | Brief regering | …
    onderwerp           VARCHAR,
    titel               VARCHAR,
    gestart_op          DATE,
    vergaderjaar        VARCHAR,
    volgnummer          INTEGER,
    afgedaan            BOOLEAN,
    kabinetsappreciatie VARCHAR,                -- Oordeel Kamer | Ontraden | Overgenomen | …
    kamerstukken        VARCHAR[] NOT NULL,     -- 32637-601, 21501-04-278 (as commitments.kamerstuk_id)
    document_nummers    VARCHAR[] NOT NULL,
    besluit             VARCHAR NOT NULL,       -- aangenomen | verworpen | aangehouden | ingetrokken | uitgesteld | gestaakt | onbekend
    besluit_soort       VARCHAR,                -- the Kamer's own words: "Stemmen - verworpen"
    besluit_tekst       VARCHAR,
    besluit_datum       DATE,
    stemmings_soort     VARCHAR,
    voor                INTEGER,                -- seats
    tegen               INTEGER,
    fracties_voor       VARCHAR[],
    fracties_tegen      VARCHAR[],
    gewijzigd           TIMESTAMP,              -- ApiGewijzigdOp (UTC)
    page                VARCHAR NOT NULL        -- the page file it was loaded from
);

CREATE TABLE IF NOT EXISTS tk_stemmingen (     -- per fractie, of the besluit that stands
    zaak_id    VARCHAR NOT NULL,
    besluit_id VARCHAR NOT NULL,
    fractie    VARCHAR NOT NULL,
    soort      VARCHAR NOT NULL,               -- Voor | Tegen | Niet deelgenomen
    zetels     INTEGER,                        -- the fractie's size
    vergissing BOOLEAN NOT NULL,
    lid        VARCHAR                         -- a hoofdelijke stemming: one row per member
);

CREATE TABLE IF NOT EXISTS tk_toezeggingen (   -- the Kamer's toezeggingen register
    toezegging_id        VARCHAR PRIMARY KEY,
    nummer               VARCHAR,
    tekst                VARCHAR NOT NULL,
    status               VARCHAR,              -- Openstaand | Voldaan | …
    datum_nakoming       DATE,
    ministerie           VARCHAR,
    naam                 VARCHAR,
    functie              VARCHAR,
    aanmaakdatum         DATE,
    activiteit_nummer    VARCHAR,
    activiteit_datum     DATE,
    activiteit_onderwerp VARCHAR,
    kamerbrieven         VARCHAR[] NOT NULL,
    gewijzigd            TIMESTAMP,
    page                 VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS tk_pages (          -- pages loaded, so a second `tk load` skips them
    path      VARCHAR NOT NULL,
    sha256    VARCHAR NOT NULL,
    entity    VARCHAR NOT NULL,
    records   INTEGER NOT NULL,
    loaded_at TIMESTAMP NOT NULL,
    PRIMARY KEY (path, sha256)
);
