-- `bench load --peer dbt` (io.sendtime.bench.DbtPeer): sendtime's warehouse, read-only, in a scratch DuckDB, as the
-- default catalog (its profile_features_at macro resolves its own tables). sql/bench/peer_attach_peer.sql then adds
-- the peer's file.
ATTACH :warehouse AS sendtime (READ_ONLY);
USE sendtime;
