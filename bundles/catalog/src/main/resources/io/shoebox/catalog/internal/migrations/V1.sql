-- The catalog: snapshots read, items, their version runs, cameras
--
-- Portable between H2 2.x and PostgreSQL 12+: standard types only (VARCHAR, INTEGER, BIGINT, DOUBLE PRECISION,
-- BOOLEAN), no identity columns, no vendor functions. Instants are micro-seconds since the epoch (BIGINT), so that
-- no time zone handling of either driver is involved.

-- Snapshots the catalog has read. Checkpoint snapshots are never read.
CREATE TABLE snapshots (
    target          VARCHAR(255)  NOT NULL,
    snapshot_id     VARCHAR(255)  NOT NULL,
    source          VARCHAR(255)  NOT NULL,
    snapshot_time   BIGINT        NOT NULL,
    files           BIGINT        NOT NULL,
    read_at         BIGINT        NOT NULL,
    PRIMARY KEY (target, snapshot_id)
);
CREATE INDEX snapshots_by_source ON snapshots (target, source, snapshot_time);

-- Cameras by make and model ('' when unknown); words is lower(make || ' ' || model), what camera searches match.
CREATE TABLE cameras (
    camera_id       INTEGER       NOT NULL PRIMARY KEY,
    make            VARCHAR(255)  NOT NULL,
    model           VARCHAR(255)  NOT NULL,
    words           VARCHAR(520)  NOT NULL,
    UNIQUE (make, model)
);

-- One row per file of a source (sidecars excepted), with the fields of its newest version, read from a version run
-- on newest_target. Ids are hashes of the source, the folder and the path, in that order, so that the files of one
-- folder sit together in the primary key.
-- taken_rank orders newest first: minus the micro-seconds of takenAt read as UTC; items without a date taken
-- rank last (the largest BIGINT). taken_month is year * 100 + month, 0 without a date.
CREATE TABLE items (
    id              VARCHAR(32)   NOT NULL PRIMARY KEY,
    source          VARCHAR(255)  NOT NULL,
    path            VARCHAR(4096) NOT NULL,
    size            BIGINT        NOT NULL,
    modified        BIGINT        NOT NULL,
    content_key     VARCHAR(255),
    has_thumbnail   BOOLEAN       NOT NULL,
    media_type      VARCHAR(255),
    taken_rank      BIGINT        NOT NULL,
    taken_month     INTEGER       NOT NULL,
    taken_offset    INTEGER,
    taken_origin    VARCHAR(32),
    make            VARCHAR(255),
    model           VARCHAR(255),
    lens            VARCHAR(255),
    camera_id       INTEGER,
    latitude        DOUBLE PRECISION,
    longitude       DOUBLE PRECISION,
    altitude        DOUBLE PRECISION,
    width           INTEGER,
    height          INTEGER,
    duration_ms     BIGINT,
    content_id      VARCHAR(255),
    sidecars        VARCHAR(8000),
    live_pair       VARCHAR(4096),
    warnings        VARCHAR(8000),
    newest_target   VARCHAR(255)  NOT NULL
);
-- The search order (date taken newest first, source, path), alone and after a camera. Every index costs indexing
-- time: other criteria (folder, place, media type, text) filter while one of these is scanned.
CREATE INDEX items_by_taken ON items (taken_rank, source, path);
CREATE INDEX items_by_camera ON items (camera_id, taken_rank, source, path);

-- Version runs: a file that is the same (content, metadata, sidecars, pair: equal fingerprint) in every snapshot
-- of its source on one target from first_snapshot to last_snapshot. One row per change, not per snapshot, so that
-- a daily backup of an unchanged library adds no rows. The file's fields are kept with each run, so that an item
-- can fall back to an older run when the snapshots of its newest are pruned.
CREATE TABLE versions (
    item_id         VARCHAR(32)   NOT NULL,
    target          VARCHAR(255)  NOT NULL,
    source          VARCHAR(255)  NOT NULL,
    first_snapshot  VARCHAR(255)  NOT NULL,
    first_time      BIGINT        NOT NULL,
    last_snapshot   VARCHAR(255)  NOT NULL,
    last_time       BIGINT        NOT NULL,
    fingerprint     VARCHAR(32)   NOT NULL,
    size            BIGINT        NOT NULL,
    modified        BIGINT        NOT NULL,
    content_key     VARCHAR(255),
    has_thumbnail   BOOLEAN       NOT NULL,
    media_type      VARCHAR(255),
    taken_rank      BIGINT        NOT NULL,
    taken_month     INTEGER       NOT NULL,
    taken_offset    INTEGER,
    taken_origin    VARCHAR(32),
    make            VARCHAR(255),
    model           VARCHAR(255),
    lens            VARCHAR(255),
    camera_id       INTEGER,
    latitude        DOUBLE PRECISION,
    longitude       DOUBLE PRECISION,
    altitude        DOUBLE PRECISION,
    width           INTEGER,
    height          INTEGER,
    duration_ms     BIGINT,
    content_id      VARCHAR(255),
    sidecars        VARCHAR(8000),
    live_pair       VARCHAR(4096),
    warnings        VARCHAR(8000),
    PRIMARY KEY (item_id, target, first_time)
);
-- No further index: reading a snapshot finds runs by item (the primary key) and moves last_snapshot on every
-- unchanged file, which an index on it would make slower; forgetting a snapshot and the duplicates report scan.

-- Facts about the catalog itself: lastRebuild, and the snapshot being read (to undo its committed batches after a crash).
CREATE TABLE catalog_facts (
    name            VARCHAR(64)   NOT NULL PRIMARY KEY,
    fact            VARCHAR(255)  NOT NULL
);
