-- The warehouse copied into a fresh file (Warehouse.rewriteFile): only live rows are written, so pages that
-- deletes (an erasure) freed do not carry their bytes into the file that replaces the old one. The old file is
-- attached for writing so that no other process can write it meanwhile.
ATTACH :old AS erasure_old;
ATTACH :fresh AS erasure_fresh;
COPY FROM DATABASE erasure_old TO erasure_fresh;
DETACH erasure_old;
DETACH erasure_fresh;
