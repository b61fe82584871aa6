package io.sendtime.lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.avro.AvroReadSupport;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.hadoop.util.HadoopOutputFile;

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
     * As {@link #writeAtomically}, with the records pushed by {@code producer} into the sink it is given, so that they
     * need not all be in memory at once; returns how many were written.
     */
    public long writeStreaming(Path target, Schema schema, Consumer<Consumer<GenericRecord>> producer) {
        long[] written = {0};
        Path inProgress = Lake.inProgress(target);
        try (ParquetWriter<GenericRecord> writer = AvroParquetWriter.<GenericRecord>builder(
                        HadoopOutputFile.fromPath(inProgress, lake.hadoopConfiguration()))
                .withSchema(schema)
                .withDataModel(GenericData.get())
                .withConf(lake.hadoopConfiguration())
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                // raw columns are mostly ids, timestamps and free text: dictionaries fall back anyway
                // and cost more to build than they save
                .withDictionaryEncoding(false)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build()) {
            producer.accept(record -> {
                try {
                    writer.write(record);
                    written[0]++;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getCause().getMessage(), e.getCause());
        }
        lake.commit(inProgress, target);
        return written[0];
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
