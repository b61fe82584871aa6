package io.sendtime.lake;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * A local lake's file system: Hadoop's {@link RawLocalFileSystem} (no .crc side files), setting a file's permission
 * with one system call instead of starting a {@code chmod} process. Without Hadoop's native library, which nothing
 * here ships, RawLocalFileSystem runs {@code chmod} for every file it creates and every directory it makes: an
 * extract writing hundreds of Parquet files started as many processes, on the cores the conversion runs on. The mode
 * is the same: the permission Hadoop asks for, its umask applied, read, write and execute for owner, group and others.
 */
public final class LocalLakeFileSystem extends RawLocalFileSystem {

    private static final PosixFilePermission[] BITS = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
    };

    /** Whether this platform's file systems take POSIX modes (Linux, macOS); elsewhere Hadoop's own way is used. */
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
        if (!POSIX) {
            super.setPermission(p, permission);
            return;
        }
        Files.setPosixFilePermissions(pathToFile(p).toPath(), posix(permission));
    }

    /** The owner, group and others bits of {@code permission} (sticky and set-id bits are not a lake's concern). */
    static Set<PosixFilePermission> posix(FsPermission permission) {
        short mode = permission.toShort();
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        for (int bit = 0; bit < BITS.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                set.add(BITS[bit]);
            }
        }
        return set;
    }
}
