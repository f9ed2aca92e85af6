-- crashtriage fleet store, schema version 1. The same statements run on SQLite and PostgreSQL: text keys
-- (SHA-256 of the content) instead of generated ids, so re-ingesting adds nothing and any writer can
-- compute a row's key on its own.

-- One row per (host, input, machine profile): what the log said about the machine, and the wall-clock
-- span it covered (for each host's crash rate).
CREATE TABLE host_observations (
    observation_key TEXT PRIMARY KEY,
    host            TEXT NOT NULL,
    host_from       TEXT NOT NULL,
    source          TEXT NOT NULL,
    kernel_release  TEXT,
    arch            TEXT,
    hardware        TEXT,
    hypervisor      TEXT,
    cpus            INTEGER,
    memory_mb       BIGINT,
    span_start_utc  BIGINT,
    span_end_utc    BIGINT,
    time_note       TEXT,
    ingested_at     TEXT NOT NULL
);
CREATE INDEX host_observations_host ON host_observations (host);

CREATE TABLE host_modules (
    observation_key TEXT NOT NULL,
    module          TEXT NOT NULL,
    PRIMARY KEY (observation_key, module)
);

CREATE TABLE host_drivers (
    observation_key TEXT NOT NULL,
    driver          TEXT NOT NULL,
    version         TEXT NOT NULL,
    PRIMARY KEY (observation_key, driver, version)
);

-- One row per incident occurrence. The key hashes the host and the incident's own content (kind,
-- fingerprint, times, its lines' text), never the input's name: the same log ingested twice, or under
-- another name, adds nothing.
CREATE TABLE occurrences (
    occurrence_key      TEXT PRIMARY KEY,
    observation_key     TEXT NOT NULL,
    host                TEXT NOT NULL,
    source              TEXT NOT NULL,
    boot                INTEGER NOT NULL,
    kind                TEXT NOT NULL,
    title               TEXT,
    fingerprint         TEXT,
    fingerprint_version INTEGER NOT NULL,
    wall_text           TEXT,
    local_time          TEXT,
    local_second        INTEGER,
    utc_seconds         BIGINT,
    time_note           TEXT,
    kernel_time         DOUBLE PRECISION,
    kernel_release      TEXT,
    first_line          BIGINT NOT NULL,
    last_line           BIGINT NOT NULL,
    corrupted           INTEGER NOT NULL,
    ingested_at         TEXT NOT NULL
);
CREATE INDEX occurrences_fingerprint ON occurrences (fingerprint);
CREATE INDEX occurrences_host ON occurrences (host);
CREATE INDEX occurrences_utc ON occurrences (utc_seconds);

CREATE TABLE occurrence_modules (
    occurrence_key TEXT NOT NULL,
    module         TEXT NOT NULL,
    PRIMARY KEY (occurrence_key, module)
);

CREATE TABLE occurrence_causes (
    occurrence_key TEXT NOT NULL,
    signature      TEXT NOT NULL,
    cause_rank     INTEGER NOT NULL,
    title          TEXT,
    confidence     DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (occurrence_key, signature)
);
