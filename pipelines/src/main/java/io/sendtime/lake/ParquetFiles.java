package io.sendtime.lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.avro.AvroReadSupport;
import org.apache.parquet.avro.AvroWriteSupport;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;

/** Writes and reads Parquet files of Avro records in the lake, with atomic commit on write. */
public final class ParquetFiles {

    private final Lake lake;

    public ParquetFiles(Lake lake) {
        this.lake = lake;
    }

    /** Writes {@code records} to an in-progress file and commits it as {@code target}. */
    public void writeAtomically(Path target, Schema schema, Iterable<? extends GenericRecord> records) {
        writeStreaming(target, schema, sink -> records.forEach(sink));
    }

    /**
     * As {@link #writeAtomically}, for records of a raw schema: written straight to the column writers
     * ({@link DirectParquetWriter}: the same file parquet-avro writes, with less work per value), and with no
     * statistics on text columns. Nothing prunes raw files on text: the transform, the verify, the erasure and the lake
     * versions read them through parquet-avro with no filter, and no SQL reads them; numbers and timestamps keep theirs.
     */
    public void writeRaw(Path target, Schema schema, Iterable<? extends GenericRecord> records) {
        fill(openRaw(target, schema), sink -> records.forEach(sink));
    }

    /**
     * A raw file: values go straight to the column writers ({@link DirectParquetWriter}, with {@link #rawProperties})
     * for every shape its plan covers (every shipped raw schema: text, numbers, timestamps, maps of text and lists of
     * records); any other schema is written by parquet-avro with the same properties. Both give parquet-avro's file:
     * same schema, pages, statistics and footer.
     */
    Writer openRaw(Path target, Schema schema) {
        return openRaw(target, schema, DirectParquetWriter.fits(schema, lake.hadoopConfiguration()));
    }

    /** As {@link #openRaw(Path, Schema)}, choosing the direct writer or parquet-avro (a test compares the two). */
    Writer openRaw(Path target, Schema schema, boolean direct) {
        Path inProgress = Lake.inProgress(target);
        Configuration conf = lake.hadoopConfiguration();
        try {
            MessageType columns = DirectParquetWriter.parquetSchema(schema, conf);
            if (direct) {
                // one row group per file (a raw file is a chunk of pages), as the builder's block size gives one
                return new Writer(target, inProgress, new DirectParquetWriter(HadoopOutputFile.fromPath(inProgress, conf),
                        schema, conf, rawProperties(columns), CompressionCodecName.SNAPPY, Long.MAX_VALUE,
                        ParquetWriter.DEFAULT_BLOCK_SIZE));
            }
            RawBuilder builder = configure(new RawBuilder(HadoopOutputFile.fromPath(inProgress, conf),
                    new AvroWriteSupport<>(columns, schema, GenericData.get())), true);
            for (ColumnDescriptor column : columns.getColumns()) {
                if (isText(column)) {
                    String path = String.join(".", column.getPath());
                    builder.withStatisticsEnabled(path, false).withSizeStatisticsEnabled(path, false);
                }
            }
            return new Writer(target, inProgress, sink(builder.build()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** The properties {@link #configure} and the raw writer's per-column settings give a raw file: no text statistics. */
    static ParquetProperties rawProperties(MessageType columns) {
        ParquetProperties.Builder properties = ParquetProperties.builder()
                .withDictionaryEncoding(false)
                .withStatisticsEnabled(true)
                .withSizeStatisticsEnabled(true);
        for (ColumnDescriptor column : columns.getColumns()) {
            if (isText(column)) {
                String path = String.join(".", column.getPath());
                properties.withStatisticsEnabled(path, false).withSizeStatisticsEnabled(path, false);
            }
        }
        return properties.build();
    }

    private static boolean isText(ColumnDescriptor column) {
        return column.getPrimitiveType().getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.BINARY;
    }

    /** The settings every lake file is written with. */
    private <B extends ParquetWriter.Builder<GenericRecord, B>> B configure(B builder, boolean statistics) {
        return builder
                .withConf(lake.hadoopConfiguration())
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                // raw columns are mostly ids, timestamps and free text: dictionaries fall back anyway
                // and cost more to build than they save
                .withDictionaryEncoding(false)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withStatisticsEnabled(statistics)
                .withSizeStatisticsEnabled(statistics);
    }

    /** Builds a writer of records with a given write support (parquet-avro's, for a raw schema's columns). */
    static final class RawBuilder extends ParquetWriter.Builder<GenericRecord, RawBuilder> {
        private final WriteSupport<GenericRecord> support;

        RawBuilder(OutputFile file, WriteSupport<GenericRecord> support) {
            super(file);
            this.support = support;
        }

        @Override
        protected RawBuilder self() {
            return this;
        }

        @Override
        protected WriteSupport<GenericRecord> getWriteSupport(Configuration conf) {
            return support;
        }

        @Override
        protected WriteSupport<GenericRecord> getWriteSupport(ParquetConfiguration conf) {
            return support;
        }
    }

    /**
     * As {@link #writeAtomically}, with the records pushed by {@code producer} into the sink it is given, so that they
     * need not all be in memory at once; returns how many were written.
     */
    public long writeStreaming(Path target, Schema schema, Consumer<Consumer<GenericRecord>> producer) {
        return fill(open(target, schema), producer);
    }

    /** Writes what {@code producer} pushes and commits the file; abandons it when the producer fails. */
    private static long fill(Writer writer, Consumer<Consumer<GenericRecord>> producer) {
        try {
            producer.accept(writer::write);
        } catch (RuntimeException e) {
            writer.abandon();
            throw e;
        }
        writer.close();
        return writer.written();
    }

    /**
     * A file being written record by record, for a producer that cannot be a callback: {@link Writer#close} commits
     * it as {@code target}; {@link Writer#abandon} leaves nothing at {@code target}.
     */
    public Writer open(Path target, Schema schema) {
        return open(target, schema, true);
    }

    private Writer open(Path target, Schema schema, boolean statistics) {
        Path inProgress = Lake.inProgress(target);
        try {
            ParquetWriter<GenericRecord> writer = configure(AvroParquetWriter.<GenericRecord>builder(
                            HadoopOutputFile.fromPath(inProgress, lake.hadoopConfiguration()))
                    .withSchema(schema)
                    .withDataModel(GenericData.get()), statistics)
                    .build();
            return new Writer(target, inProgress, sink(writer));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * As {@link #open(Path, Schema)}, for a file that is only ever read whole (an export): no column statistics or size
     * statistics (comparing long text values for min and max costs the writer more than any reader gains), row groups
     * of at most {@value #EXPORT_ROW_GROUP_ROWS} records (a reader splits the file across its threads by row group),
     * and, for a shape its plan covers (text, numbers, maps of text, lists of records), values written straight to
     * the column writers ({@link DirectParquetWriter}); the file is the one parquet-avro writes with the same settings.
     */
    public Writer openExport(Path target, Schema schema) {
        Configuration conf = lake.hadoopConfiguration();
        if (!DirectParquetWriter.fits(schema, conf)) {
            return open(target, schema, false);
        }
        Path inProgress = Lake.inProgress(target);
        try {
            DirectParquetWriter writer = new DirectParquetWriter(HadoopOutputFile.fromPath(inProgress, conf), schema, conf,
                    exportProperties(), CompressionCodecName.SNAPPY, EXPORT_ROW_GROUP_ROWS, ParquetWriter.DEFAULT_BLOCK_SIZE);
            return new Writer(target, inProgress, writer);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** Records per row group of an export: DuckDB's own row group size. */
    static final int EXPORT_ROW_GROUP_ROWS = 122_880;

    /** The properties {@link #configure} gives a file without statistics. */
    static ParquetProperties exportProperties() {
        return ParquetProperties.builder()
                .withDictionaryEncoding(false)
                .withStatisticsEnabled(false)
                .withSizeStatisticsEnabled(false)
                .build();
    }

    private static Sink sink(ParquetWriter<GenericRecord> writer) {
        return new Sink() {
            @Override
            public void write(GenericRecord record) throws IOException {
                writer.write(record);
            }

            @Override
            public void close() throws IOException {
                writer.close();
            }

            @Override
            public void abort() throws IOException {
                writer.close();
            }
        };
    }

    /** What a {@link Writer} writes through: parquet-avro's writer, or a {@link DirectParquetWriter}. */
    interface Sink {
        void write(GenericRecord record) throws IOException;

        void close() throws IOException;

        /** Stops writing without finishing the file. */
        void abort() throws IOException;
    }

    /** See {@link #open}. Not thread-safe: one thread writes. */
    public final class Writer implements AutoCloseable {
        private final Path target;
        private final Path inProgress;
        private final Sink parquet;
        private long written;
        private boolean closed;

        private Writer(Path target, Path inProgress, Sink parquet) {
            this.target = target;
            this.inProgress = inProgress;
            this.parquet = parquet;
        }

        public void write(GenericRecord record) {
            try {
                parquet.write(record);
                written++;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
            }
        }

        public long written() {
            return written;
        }

        /** Finishes the file and commits it as the target. */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                parquet.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
            }
            lake.commit(inProgress, target);
        }

        /** Stops writing; the target is not committed (the in-progress file is removed where it can be). */
        public void abandon() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                parquet.abort();
                lake.fileSystem().delete(inProgress, false);
            } catch (IOException | RuntimeException e) {
                // left for housekeeping: in-progress files are never read
            }
        }
    }

    /** Streams every record of a file, optionally reading only the columns of {@code projection}. */
    public void read(Path file, Schema projection, Consumer<GenericRecord> consumer) {
        var conf = new org.apache.hadoop.conf.Configuration(lake.hadoopConfiguration());
        if (projection != null) {
            AvroReadSupport.setRequestedProjection(conf, projection);
        }
        try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(
                HadoopInputFile.fromPath(file, conf)).withDataModel(GenericData.get()).withConf(conf).build()) {
            for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
                consumer.accept(r);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public List<GenericRecord> readAll(Path file) {
        List<GenericRecord> out = new ArrayList<>();
        read(file, null, out::add);
        return out;
    }
}
