package io.sendtime.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.Predicate;

import io.sendtime.lake.ExportPublisher;

/**
 * One published render of a send as the server holds it: every recipient's answer, finished JSON, in a local file
 * read with positional reads (the page cache holds it, not the heap), found through a {@link FingerprintIndex} by
 * customer key or email SHA-256. Read by many request threads at once; a new render is a new instance, swapped in
 * whole ({@link PublishedSends}), so a response always comes from one render.
 *
 * <p>A record in the file: its length (int), the customer key (short length, UTF-8), the email's SHA-256 (32 bytes),
 * the email's keyed hash (32 bytes, for the suppression list), the answer's JSON.
 */
final class SendTokens implements AutoCloseable {

    static final int DIGEST = 32;

    /** A recipient found: the answer, and the keyed hash of their address (hex) to check the suppression list with. */
    record Found(byte[] body, String emailKeyedHash) {}

    private final ExportPublisher.SendInfo info;
    private final byte[] fallbackBody;
    private final Path path;
    private final FileChannel file;
    private final FingerprintIndex index;
    private final int recipients;
    private final int leftOut;

    SendTokens(ExportPublisher.SendInfo info, byte[] fallbackBody, Path path, FingerprintIndex index, int recipients,
               int leftOut) throws IOException {
        this.info = info;
        this.fallbackBody = fallbackBody;
        this.path = path;
        this.file = FileChannel.open(path, java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE);
        this.index = index;
        this.recipients = recipients;
        this.leftOut = leftOut;
    }

    ExportPublisher.SendInfo info() {
        return info;
    }

    /** The answer for a recipient the render does not know: the campaign's fallback tokens. */
    byte[] fallbackBody() {
        return fallbackBody;
    }

    int recipients() {
        return recipients;
    }

    /** Recipients of the export left out when it was loaded (erased since the render). */
    int leftOut() {
        return leftOut;
    }

    /** A recipient by customer key or email SHA-256 (64 lowercase hex digits), or null. */
    Found find(String recipient) throws IOException {
        Found found = find(recipient, index.find(FingerprintIndex.fingerprint('k', recipient)), false);
        if (found == null && isSha256(recipient)) {
            found = find(recipient, index.find(FingerprintIndex.fingerprint('e', recipient)), true);
        }
        return found;
    }

    private Found find(String recipient, long position, boolean byEmail) throws IOException {
        if (position == FingerprintIndex.ABSENT) {
            return null;
        }
        byte[] record = new byte[(int) (position & 0xffffff)];
        ByteBuffer buffer = ByteBuffer.wrap(record);
        long offset = position >>> 24;
        while (buffer.hasRemaining()) {
            if (file.read(buffer, offset + buffer.position()) < 0) {
                return null;
            }
        }
        int keyLength = ((record[4] & 0xff) << 8) | (record[5] & 0xff);
        int digests = 6 + keyLength;
        byte[] wanted = byEmail ? HexFormat.of().parseHex(recipient) : recipient.getBytes(StandardCharsets.UTF_8);
        boolean same = byEmail ? Arrays.equals(record, digests, digests + DIGEST, wanted, 0, DIGEST)
                : Arrays.equals(record, 6, digests, wanted, 0, wanted.length);
        if (!same) {
            return null; // a fingerprint collision, or a record an erasure overwrote
        }
        String keyed = HexFormat.of().formatHex(record, digests + DIGEST, digests + 2 * DIGEST);
        return new Found(Arrays.copyOfRange(record, digests + 2 * DIGEST, record.length), keyed);
    }

    /**
     * Removes every recipient {@code erased} says (by customer key or email SHA-256 hex) from the index, and overwrites
     * their record in the local file; returns how many.
     */
    int purge(Predicate<String> erasedCustomerKey, Predicate<String> erasedEmailSha) throws IOException {
        int purged = 0;
        long size = file.size();
        ByteBuffer header = ByteBuffer.allocate(4 + 2);
        for (long offset = 0; offset < size; ) {
            header.clear();
            file.read(header, offset);
            int length = header.getInt(0);
            byte[] record = new byte[length];
            file.read(ByteBuffer.wrap(record), offset);
            int keyLength = ((record[4] & 0xff) << 8) | (record[5] & 0xff);
            String key = new String(record, 6, keyLength, StandardCharsets.UTF_8);
            String sha = HexFormat.of().formatHex(record, 6 + keyLength, 6 + keyLength + DIGEST);
            if (keyLength > 0 && (erasedCustomerKey.test(key) || erasedEmailSha.test(sha))) {
                index.remove(FingerprintIndex.fingerprint('k', key));
                index.remove(FingerprintIndex.fingerprint('e', sha));
                ByteBuffer zeros = ByteBuffer.allocate(length - 4);
                file.write(zeros, offset + 4);
                purged++;
            }
            offset += length;
        }
        if (purged > 0) {
            file.force(false);
        }
        return purged;
    }

    static boolean isSha256(String id) {
        if (id.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = id.charAt(i);
            if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        try {
            file.close();
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + path + ": " + e.getMessage(), e);
        }
    }
}
