package io.shoebox.storage.local.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.shoebox.api.storage.ByteSource;
import io.shoebox.api.storage.Storage;
import io.shoebox.api.storage.StorageException;
import io.shoebox.api.storage.StorageException.Kind;
import io.shoebox.testkit.StorageContract;

class LocalStorageTest extends StorageContract {

    @TempDir
    Path folder;

    @Override
    protected Storage storage() {
        return new LocalStorage(folder.resolve("repo"), true);
    }

    @Override
    protected Storage storageWithMissingLocation() {
        return new LocalStorage(folder.resolve("unmounted"), false);
    }

    @Test
    void a_missing_folder_is_not_created_unless_asked_so_an_unmounted_drive_is_noticed() {
        Path unmounted = folder.resolve("media/usb-drive");
        LocalStorage storage = new LocalStorage(unmounted, false);
        assertThatThrownBy(() -> storage.create("config", ByteSource.of(new byte[] {1})))
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
                    assertThat(e.getMessage()).contains("mounted");
                });
        assertThat(unmounted).doesNotExist();
    }

    @Test
    void a_folder_that_vanished_after_writing_is_never_recreated_even_when_it_may_be_created() throws Exception {
        Path mount = folder.resolve("media/usb");
        Path target = mount.resolve("shoebox");
        LocalStorage storage = new LocalStorage(target, true);
        storage.create("keys/one", ByteSource.of(new byte[] {1}));

        Files.move(mount, folder.resolve("unplugged"));
        Files.createDirectories(mount); // the empty mount point an unplugged drive leaves

        assertThatThrownBy(() -> storage.create("data/ab/abcd", ByteSource.of(new byte[] {2})))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
        assertThatThrownBy(() -> storage.list("", info -> { }))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
        assertThatThrownBy(() -> storage.stat("config")).isInstanceOf(StorageException.class);
        try (var strays = Files.list(mount)) {
            assertThat(strays).as("nothing written at the mount point").isEmpty();
        }
    }

    @Test
    void a_target_at_the_mount_point_itself_writes_nothing_once_the_drive_is_gone() throws Exception {
        Path mount = Files.createDirectories(folder.resolve("media/usb"));
        LocalStorage storage = new LocalStorage(mount, false);
        storage.create("keys/one", ByteSource.of(new byte[] {1}));

        Files.move(mount, folder.resolve("unplugged"));
        Files.createDirectories(mount);

        assertThatThrownBy(() -> storage.create("index/abcd", ByteSource.of(new byte[] {2})))
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
                    assertThat(e.getMessage()).contains("unplugged");
                });
        try (var strays = Files.list(mount)) {
            assertThat(strays).as("no stray .tmp, index or data folders").isEmpty();
        }
    }

    @Test
    void checking_access_leaves_the_temporary_folder_in_place() throws Exception {
        LocalStorage storage = new LocalStorage(folder.resolve("repo"), true);
        storage.verifyAccess();
        storage.create("keys/one", ByteSource.of(new byte[] {1}));
        assertThat(storage.root().resolve(LocalStorage.TEMP_FOLDER)).isDirectory();
    }

    @Test
    void no_partial_file_is_left_in_the_temporary_folder_after_a_failed_write() throws Exception {
        LocalStorage storage = new LocalStorage(folder.resolve("repo"), true);
        ByteSource failing = new ByteSource() {
            @Override
            public long size() {
                return 5;
            }

            @Override
            public java.io.InputStream open() throws java.io.IOException {
                throw new java.io.IOException("gone");
            }
        };
        assertThatThrownBy(() -> storage.create("data/x", failing)).isInstanceOf(StorageException.class);
        try (var leftovers = Files.list(storage.root().resolve(LocalStorage.TEMP_FOLDER))) {
            assertThat(leftovers).isEmpty();
        }
    }
}
